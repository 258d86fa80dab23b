package com.botbuddy.batch.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.report.FormulaGuard;

/**
 * An input spreadsheet opened for reading: its format, its header (the first non-empty row) mapped to
 * {@link ImportColumns}, then its non-blank data rows in order with every cell unguarded
 * ({@link FormulaGuard#unguard}). Also the file checks done before anything is read (format, SHA-256, UTF-8).
 */
public final class SpreadsheetInput implements Closeable {

    /**
     * Longest cell accepted: one million characters (an export's chats.csv can hold notes longer than Excel's own
     * 32,767-character cell limit). A row with a longer cell is rejected ("cell too long"), its cell cut to this length.
     */
    public static final int MAX_CELL_CHARS = 1_000_000;

    public enum Format { CSV, XLSX }

    private final SheetSource source;
    private final Format format;
    private final ImportColumns columns;
    private final int headerRowNo;
    private final String sheetName;

    private SpreadsheetInput(SheetSource source, Format format, ImportColumns columns, int headerRowNo, String sheetName) {
        this.source = source;
        this.format = format;
        this.columns = columns;
        this.headerRowNo = headerRowNo;
        this.sheetName = sheetName;
    }

    /** The format from the extension; anything but .csv and .xlsx is refused. */
    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        if (name.endsWith(".xls")) {
            throw new InvalidInputException(file.getFileName() + " is an old .xls workbook: open it in Excel or LibreOffice "
                    + "and save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8 (.csv)'");
        }
        throw new InvalidInputException(file.getFileName() + ": cannot import this kind of file; give a .csv (UTF-8) "
                + "or .xlsx file (e.g. an export's chats.csv or report.xlsx)");
    }

    /**
     * Checks that the file can be imported before any row is read and returns its SHA-256 (hex): it exists, it is
     * not empty, an .xlsx is really a ZIP package (not a CSV renamed, not an encrypted/OLE2 file), a .csv is valid
     * UTF-8 throughout. One pass over the bytes.
     */
    public static String checkAndHash(Path file) {
        Format format = formatOf(file);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            CharsetDecoder decoder = format == Format.CSV ? StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT) : null;
            ByteBuffer pendingBytes = ByteBuffer.allocate(buf.length + 8);
            CharBuffer chars = CharBuffer.allocate(buf.length + 8);
            long total = 0;
            int line = 1;
            int n;
            byte[] magic = new byte[0];
            while ((n = in.read(buf)) > 0) {
                if (total == 0) {
                    magic = java.util.Arrays.copyOf(buf, Math.min(n, 8));
                    if (format == Format.XLSX) {
                        checkXlsxMagic(file, magic);
                    }
                }
                total += n;
                sha.update(buf, 0, n);
                if (decoder != null) {
                    pendingBytes.put(buf, 0, n);
                    pendingBytes.flip();
                    line = decode(file, decoder, pendingBytes, chars, line, false);
                    pendingBytes.compact();
                }
            }
            if (total == 0) {
                throw new InvalidInputException(file.getFileName() + " is empty (0 bytes): nothing to import");
            }
            if (decoder != null) {
                pendingBytes.flip();
                decode(file, decoder, pendingBytes, chars, line, true);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist: check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static int decode(Path file, CharsetDecoder decoder, ByteBuffer bytes, CharBuffer chars, int line, boolean end) {
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, end);
            chars.flip();
            while (chars.hasRemaining()) {
                if (chars.get() == '\n') {
                    line++;
                }
            }
            chars.clear();
            if (result.isError()) {
                throw notUtf8(file, line);
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        if (end) {
            CoderResult flush = decoder.flush(chars);
            if (flush.isError()) {
                throw notUtf8(file, line);
            }
        }
        return line;
    }

    static InvalidInputException notUtf8(Path file, int line) {
        return new InvalidInputException(file.getFileName() + " is not valid UTF-8 text (first bad byte on line " + line
                + "). The import expects CSV encoded as UTF-8: in Excel use 'Save As > CSV UTF-8 (Comma delimited)', "
                + "in LibreOffice choose character set 'Unicode (UTF-8)'");
    }

    private static void checkXlsxMagic(Path file, byte[] magic) {
        if (magic.length >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return;
        }
        if (magic.length >= 4 && (magic[0] & 0xFF) == 0xD0 && (magic[1] & 0xFF) == 0xCF && (magic[2] & 0xFF) == 0x11
                && (magic[3] & 0xFF) == 0xE0) {
            throw XlsxSheetSource.unreadable(file, new org.apache.poi.EncryptedDocumentException("OLE2 container"));
        }
        boolean text = true;
        for (byte b : magic) {
            if (b < 0x09 && b >= 0) {
                text = false;
            }
        }
        throw new InvalidInputException(file.getFileName() + " is not an Excel workbook although it is named .xlsx"
                + (text ? " (its content looks like text, probably CSV): rename it to .csv" : "")
                + " — or open it in Excel and save it as 'Excel Workbook (.xlsx)'");
    }

    /**
     * Opens the file and reads up to the header (the first non-empty row).
     *
     * @param sheet the sheet name for an .xlsx ("" = the first sheet); ignored for CSV
     */
    public static SpreadsheetInput open(Path file, String sheet) {
        Format format = formatOf(file);
        SheetSource source;
        String sheetName = "";
        String noUuidHint = "";
        try {
            if (format == Format.CSV) {
                source = new CsvSheetSource(file);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    checkXlsxMagic(file, in.readNBytes(8));
                }
                XlsxSheetSource xlsx = new XlsxSheetSource(file, sheet);
                sheetName = xlsx.sheetName();
                source = xlsx;
                if ((sheet == null || sheet.isBlank()) && xlsx.sheetNames().size() > 1) {
                    noUuidHint = ". That was the first sheet, sheet '" + sheetName + "'; this workbook's sheets are "
                            + String.join(", ", xlsx.sheetNames().stream().map(n -> "'" + n + "'").toList())
                            + ": pick one with --sheet NAME (an export's report.xlsx: --sheet Chats)";
                }
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist: check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            SheetRow header;
            do {
                header = source.nextRow();
            } while (header != null && unguard(header).isBlank());
            if (header == null) {
                throw new InvalidInputException(file.getFileName() + (sheetName.isEmpty() ? "" : " (sheet '" + sheetName + "')")
                        + " is empty: no header row found. The first non-empty row must name the columns (uuid, status, name...)");
            }
            List<String> names = unguard(header).cells().stream().map(c -> c == null ? "" : c.strip()).toList();
            ImportColumns columns;
            try {
                columns = ImportColumns.of(names, header.rowNo(), noUuidHint);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file.getFileName() + ": " + e.getMessage(), e);
            }
            return new SpreadsheetInput(source, format, columns, header.rowNo(), sheetName);
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
    }

    /** The next non-blank data row, cells unguarded and padded to the header's width; {@code null} at the end. */
    public SheetRow next() {
        SheetRow row;
        do {
            row = source.nextRow();
            if (row == null) {
                return null;
            }
            row = unguard(row);
        } while (row.isBlank());
        List<String> cells = new ArrayList<>(row.cells());
        int width = columns.header().size();
        while (cells.size() < width) {
            cells.add("");
        }
        return new SheetRow(row.rowNo(), cells.size() > width ? List.copyOf(cells.subList(0, width)) : cells, row.problem());
    }

    private static SheetRow unguard(SheetRow row) {
        List<String> cells = new ArrayList<>(row.cells().size());
        for (String cell : row.cells()) {
            cells.add(cell == null ? "" : FormulaGuard.unguard(cell));
        }
        return new SheetRow(row.rowNo(), cells, row.problem());
    }

    /**
     * Cuts cells longer than {@link #MAX_CELL_CHARS}, replaces NUL characters (which no API field takes and which
     * would follow the row into the results files) by U+FFFD, and records the first problem on the row.
     */
    static SheetRow limitCells(int rowNo, List<String> cells) {
        String problem = null;
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (cell != null && cell.indexOf('\0') >= 0) {
                if (problem == null) {
                    problem = "column " + ImportColumns.columnLetter(i) + " holds a NUL character, which no field takes";
                }
                cell = cell.replace('\0', '\uFFFD');
                cells.set(i, cell);
            }
            if (cell != null && cell.length() > MAX_CELL_CHARS) {
                if (problem == null) {
                    problem = "cell too long: column " + ImportColumns.columnLetter(i) + " has " + cell.length()
                            + " characters, the limit is " + MAX_CELL_CHARS;
                }
                cells.set(i, cell.substring(0, MAX_CELL_CHARS));
            }
        }
        return new SheetRow(rowNo, cells, problem);
    }

    public Format format() {
        return format;
    }

    public ImportColumns columns() {
        return columns;
    }

    public int headerRowNo() {
        return headerRowNo;
    }

    public String sheetName() {
        return sheetName;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
