package com.botbuddy.batch.importer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

import com.botbuddy.batch.ops.InvalidInputException;
import com.github.pjfanning.xlsx.StreamingReader;

/**
 * One sheet of an {@code .xlsx} workbook, streamed with excel-streaming-reader (the package is opened read-only; the
 * workbook is never loaded whole). Cells are read as a person sees them: text as typed, numbers in plain notation
 * without a trailing {@code .0} ({@code 9876543210}, never {@code 9.87654321E9}), dates as ISO dates
 * ({@code 2025-01-31}, or {@code 2025-01-31T10:15} with a time), booleans as {@code true}/{@code false}, formula
 * cells by their cached value (never evaluated), error cells as their code ({@code #N/A}).
 */
final class XlsxSheetSource implements SheetSource {

    /** Smallest compressed/uncompressed ratio of a workbook part (a lower ratio is treated as a zip bomb). */
    static final double MIN_INFLATE_RATIO = 0.01;
    /** Largest uncompressed workbook part (a full 1,048,576-row sheet of the export's columns fits). */
    static final long MAX_ENTRY_SIZE = 4L * 1024 * 1024 * 1024 - 1;
    /** Largest text in one shared-strings or sheet part that POI extracts. */
    static final long MAX_TEXT_SIZE = 512L * 1024 * 1024;
    /** How much of a parser's message the one line quotes. */
    private static final int MAX_CAUSE_CHARS = 200;

    static {
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_SIZE);
        ZipSecureFile.setMaxTextSize(MAX_TEXT_SIZE);
    }

    private final Path file;
    private final Workbook workbook;
    private final Iterator<Row> rows;
    private final String sheetName;
    private final List<String> sheetNames = new ArrayList<>();
    private Row pending;
    private int lastRowNo;
    private int nextRowNo = 1;

    XlsxSheetSource(Path file, String sheet) {
        this.file = file;
        Workbook wb;
        try {
            wb = StreamingReader.builder()
                    .rowCacheSize(200)
                    .bufferSize(1 << 16)
                    .setReadComments(false)
                    .setReadHyperlinks(false)
                    .setReadShapes(false)
                    .setReadCoreProperties(false)
                    .open(file.toFile());
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
        this.workbook = wb;
        try {
            for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                sheetNames.add(wb.getSheetName(i));
            }
            Sheet chosen;
            if (sheet == null || sheet.isBlank()) {
                if (wb.getNumberOfSheets() == 0) {
                    throw new InvalidInputException(file.getFileName() + " has no sheets");
                }
                chosen = wb.getSheetAt(0);
            } else {
                try {
                    chosen = wb.getSheet(sheet);
                } catch (RuntimeException missing) {
                    chosen = null;
                }
                if (chosen == null) {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                        names.add("'" + wb.getSheetName(i) + "'");
                    }
                    throw new InvalidInputException(file.getFileName() + " has no sheet named '" + sheet
                            + "'. Its sheets are: " + String.join(", ", names) + ". Pass one of them with --sheet");
                }
            }
            this.sheetName = chosen.getSheetName();
            this.rows = chosen.rowIterator();
        } catch (InvalidInputException e) {
            closeQuietly();
            throw e;
        } catch (RuntimeException e) {
            closeQuietly();
            throw unreadable(file, e);
        }
    }

    String sheetName() {
        return sheetName;
    }

    /** Every sheet of the workbook, in order. */
    List<String> sheetNames() {
        return List.copyOf(sheetNames);
    }

    /** Rows missing from the sheet XML (never written) come back as blank rows, so numbering stays the sheet's own. */
    @Override
    public SheetRow nextRow() {
        try {
            if (pending == null) {
                if (!rows.hasNext()) {
                    return null;
                }
                pending = rows.next();
            }
            int rowNo = pending.getRowNum() + 1;
            if (rowNo > nextRowNo) {
                return new SheetRow(nextRowNo++, List.of());
            }
            Row row = pending;
            pending = null;
            nextRowNo = rowNo + 1;
            lastRowNo = rowNo;
            List<String> cells = new ArrayList<>();
            for (Cell cell : row) {
                int col = cell.getColumnIndex();
                while (cells.size() < col) {
                    cells.add("");
                }
                cells.add(text(cell));
            }
            return SpreadsheetInput.limitCells(rowNo, cells);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException(file.getFileName() + ": cannot read sheet '" + sheetName + "' after row "
                    + lastRowNo + " (" + rootMessage(e) + "). Open it in Excel or LibreOffice and save it again as .xlsx", e);
        }
    }

    static String text(Cell cell) {
        CellType type = cell.getCellType();
        if (type == CellType.FORMULA) {
            type = cell.getCachedFormulaResultType();
        }
        switch (type) {
            case STRING:
                return cell.getStringCellValue();
            case BOOLEAN:
                return cell.getBooleanCellValue() ? "true" : "false";
            case NUMERIC:
                if (DateUtil.isCellDateFormatted(cell)) {
                    LocalDateTime t = cell.getLocalDateTimeCellValue();
                    return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
                }
                return plain(cell.getNumericCellValue());
            case ERROR:
                try {
                    return FormulaError.forInt(cell.getErrorCellValue()).getString();
                } catch (RuntimeException e) {
                    return "#ERROR";
                }
            default:
                return "";
        }
    }

    /** A number as typed: {@code 9876543210} not {@code 9.87654321E9}, {@code 91} not {@code 91.0}. */
    static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static InvalidInputException unreadable(Path file, Throwable e) {
        String name = file.getFileName().toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof EncryptedDocumentException || msg.contains("encrypted") || msg.contains("OLE2")) {
                return new InvalidInputException(name + " is password-protected (encrypted) or an old binary Excel file: "
                        + "open it in Excel, remove the password (File > Info > Protect Workbook), save it as .xlsx and import that copy", e);
            }
            if (msg.contains("Zip bomb") || msg.contains("max allowed") || msg.contains("exceed")) {
                return new InvalidInputException(name + " was refused as unsafe: a part of it expands far beyond its "
                        + "compressed size or the allowed size (zip bomb protection: inflate ratio below " + MIN_INFLATE_RATIO
                        + " or text over " + MAX_TEXT_SIZE + " characters). Re-save it from Excel, or split it into smaller files", e);
            }
        }
        String kind = openDocumentKind(file);
        if (kind != null) {
            return new InvalidInputException(name + " is an OpenDocument " + kind + " (LibreOffice's own format), not an"
                    + " Excel workbook: open it in LibreOffice and save it as 'Excel 2007-365 (.xlsx)', or as CSV UTF-8", e);
        }
        return new InvalidInputException(name + " cannot be read as an Excel workbook (" + rootMessage(e)
                + "). Save it from Excel or LibreOffice as 'Excel Workbook (.xlsx)'", e);
    }

    /**
     * What an OpenDocument file says it is in its {@code mimetype} entry ({@code spreadsheet}, {@code text}...), or
     * {@code null} when the file is no such zip.
     */
    private static String openDocumentKind(Path file) {
        String prefix = "application/vnd.oasis.opendocument.";
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            java.util.zip.ZipEntry entry = zip.getEntry("mimetype");
            if (entry == null) {
                return null;
            }
            try (java.io.InputStream in = zip.getInputStream(entry)) {
                String type = new String(in.readNBytes(100), java.nio.charset.StandardCharsets.US_ASCII).strip();
                return type.startsWith(prefix) ? type.substring(prefix.length()) : null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s+", " ");
        if (message.length() > MAX_CAUSE_CHARS) { // a parser may quote the file's content at length
            message = message.substring(0, MAX_CAUSE_CHARS) + "...";
        }
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private void closeQuietly() {
        try {
            workbook.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }
}
