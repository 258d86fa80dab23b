package com.botbuddy.batch.importer;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the non-blank data rows of the input file in order. Its position (the last spreadsheet row number handed
 * out) is saved in the step context at every commit under {@value #LAST_ROW}; a restart re-opens the file and skips
 * to the row after it.
 */
public class SpreadsheetRowReader implements ItemStreamReader<SheetRow> {
    static final String LAST_ROW = "import.reader.lastRow";

    private final Path file;
    private final String sheet;
    private SpreadsheetInput input;
    private int lastRow;

    public SpreadsheetRowReader(Path file, String sheet) {
        this.file = file;
        this.sheet = sheet;
    }

    @Override
    public void open(ExecutionContext context) {
        input = SpreadsheetInput.open(file, sheet);
        int restartAfter = context.getInt(LAST_ROW, 0);
        lastRow = restartAfter;
        if (restartAfter > 0) {
            SheetRow row;
            while ((row = peekNext()) != null && row.rowNo() <= restartAfter) {
                pushed = null;
            }
        }
    }

    private SheetRow pushed;

    private SheetRow peekNext() {
        if (pushed == null) {
            pushed = input.next();
        }
        return pushed;
    }

    @Override
    public SheetRow read() {
        SheetRow row = peekNext();
        pushed = null;
        if (row != null) {
            lastRow = row.rowNo();
        }
        return row;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(LAST_ROW, lastRow);
    }

    @Override
    public void close() {
        if (input != null) {
            try {
                input.close();
            } catch (IOException e) {
                throw new ItemStreamException("cannot close " + file, e);
            } finally {
                input = null;
            }
        }
    }
}
