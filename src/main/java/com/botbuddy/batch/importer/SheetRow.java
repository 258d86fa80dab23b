package com.botbuddy.batch.importer;

import java.util.List;

/**
 * One data row as a person typed it: its spreadsheet row number (1-based, header counted) and its cells as text,
 * aligned with the header columns. {@code problem} is set when the row could not be read faithfully (a cell longer
 * than {@link SpreadsheetInput#MAX_CELL_CHARS}): such a row is rejected.
 */
public record SheetRow(int rowNo, List<String> cells, String problem) {

    public SheetRow(int rowNo, List<String> cells) {
        this(rowNo, cells, null);
    }

    public boolean isBlank() {
        for (String cell : cells) {
            if (cell != null && !cell.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
