package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * One Chats worksheet of {@code report.xlsx}, written as SpreadsheetML straight to deflated bytes in the
 * workbook's zip ({@link WorkbookZip#beginSheet}). The XML is written on the caller's thread and deflated on
 * another ({@link DeflatingThread}).
 * <p>
 * Why not SXSSF: per chat, POI builds a row and a cell object per column, writes them as text through a
 * {@code Writer} into an uncompressed temporary file, and reads that back to deflate it; on the hot path of
 * the report this writer is about twice as fast as fastexcel and four times SXSSF at a million chats
 * ({@code BENCHMARKS.md}). Here each cell is encoded once, as UTF-8 bytes into one buffer,
 * and deflated as it goes. The XML is the one POI writes (inline strings, the same styles, date serials, every
 * cell's reference).
 * <p>
 * Values are never formulas: text is always an inline string ({@code t="inlineStr"}), whatever it starts
 * with, and markup characters are escaped.
 */
final class ChatsSheetStream implements AutoCloseable {
    /** Each column's cell opening up to its row number: {@code <c r="AB}. */
    private static final byte[][] CELL_OPENINGS = new byte[ChatColumn.count()][];
    private static final byte[] TEXT_CELL = asciiBytes("\" t=\"inlineStr\">");
    private static final byte[] BOOLEAN_CELL = asciiBytes("\" t=\"b\">");
    private static final byte[] NUMBER_CELL = asciiBytes("\">");
    /** Characters of text encoded between two checks of the buffer's room ({@link #text}). */
    private static final int TEXT_STRETCH = 2048;
    /** ASCII characters written as they are: printable ones other than the markup characters. */
    private static final boolean[] PLAIN_ASCII = new boolean[0x80];
    /** Excel's serial of 1970-01-01 (in the 1900 date system, which counts a 29 February 1900). */
    private static final long EXCEL_EPOCH_DAY_OFFSET = 25_569;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long FRACTION_DIGITS = 10_000_000_000L; // ten decimals of a day: well under a millisecond
    private static final long FIRST_OF_MARCH_1900 = java.time.LocalDate.of(1900, 3, 1).toEpochDay();
    private static final long FIRST_DATE = java.time.LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long AFTER_LAST_DATE = java.time.LocalDate.of(10_000, 1, 1).toEpochDay();

    static {
        for (char c = 0x20; c < 0x80; c++) {
            PLAIN_ASCII[c] = c != '<' && c != '>' && c != '&';
        }
        for (int i = 0; i < CELL_OPENINGS.length; i++) {
            CELL_OPENINGS[i] = asciiBytes("<c r=\"" + columnName(i));
        }
    }

    private final DeflatingThread deflating;
    /** The buffer being filled, from {@link #deflating}. */
    private byte[] buffer;
    private final byte[] rowDigits = new byte[12];
    /** The end of a date cell's opening tag, after its row number: its style. */
    private final byte[] dateCell;
    private final String fullTextFile;
    private int position;
    private int rowDigitCount;
    private int lastRow;
    private boolean finished;

    /**
     * @param headerStyle the workbook's cell style index for the header row (bold)
     * @param dateStyle the workbook's cell style index for date-time cells
     * @param fullTextFile where truncated texts are kept whole ({@code chats.csv}), or {@code null}
     * @param out where the raw-deflated XML goes; closed when the sheet ends
     */
    ChatsSheetStream(int headerStyle, int dateStyle, String fullTextFile, OutputStream out) throws IOException {
        this.deflating = new DeflatingThread(out, "chats sheet");
        this.buffer = deflating.buffer();
        this.dateCell = asciiBytes("\" s=\"" + dateStyle + "\">");
        byte[] headerCell = asciiBytes("\" s=\"" + headerStyle + "\" t=\"inlineStr\">");
        this.fullTextFile = fullTextFile;
        ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\""
                + " activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>"
                + "<sheetFormatPr defaultRowHeight=\"15\"/><cols>");
        for (int i = 0; i < ChatColumn.count(); i++) {
            ascii("<col min=\"" + (i + 1) + "\" max=\"" + (i + 1) + "\" width=\"" + ChatColumn.at(i).width()
                    + "\" customWidth=\"true\"/>");
        }
        ascii("</cols><sheetData>");
        startRow(1);
        for (int i = 0; i < ChatColumn.count(); i++) {
            startCell(i, headerCell);
            ascii("<is><t>");
            text(ChatColumn.at(i).header());
            ascii("</t></is></c>");
        }
        ascii("</row>");
        lastRow = 1;
    }

    /** The number of chat rows written so far (the header not counted). */
    int chatRows() {
        return lastRow - 1;
    }

    /** Writes one chat's row; {@code cells} as {@link ChatColumn#cells} gave them, each by its column's kind. */
    void add(String[] cells) throws IOException {
        requireOpen();
        startRow(++lastRow);
        for (int i = 0; i < cells.length; i++) {
            String value = cells[i];
            if (value.isEmpty()) {
                continue;
            }
            switch (ChatColumn.at(i).kind()) {
                case BOOLEAN -> {
                    startCell(i, BOOLEAN_CELL);
                    ascii(Boolean.parseBoolean(value) ? "<v>1</v></c>" : "<v>0</v></c>");
                }
                case INTEGER -> {
                    startCell(i, NUMBER_CELL);
                    ascii("<v>");
                    ascii(value); // a whole number's digits (ChatColumn.CellKind.INTEGER)
                    ascii("</v></c>");
                }
                case INSTANT -> {
                    if (!dateCell(i, value)) {
                        textCell(i, value);
                    }
                }
                case TEXT -> textCell(i, value);
            }
        }
        ascii("</row>");
    }

    private void textCell(int column, String cellValue) throws IOException {
        String value = FormulaGuard.keepThroughUnguard(cellValue); // the import unguards every cell it reads
        // within the cell limit the text is written as it is, made XML-safe as it is encoded (same length);
        // only a longer one takes the detour through XlsxText to be cut with its marker
        String text = value.length() > XlsxText.MAX_CELL_CHARS ? XlsxText.cell(value, fullTextFile) : value;
        startCell(column, TEXT_CELL);
        boolean preserve = Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1));
        ascii(preserve ? "<is><t xml:space=\"preserve\">" : "<is><t>");
        text(text);
        ascii("</t></is></c>");
    }

    /** A date cell (UTC) when the value is an instant Excel can show, else {@code false} (the caller writes text). */
    private boolean dateCell(int column, String value) throws IOException {
        Instant instant = Instants.parse(value);
        if (instant == null) {
            return false;
        }
        long epochMillis;
        try {
            epochMillis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return false;
        }
        long epochDay = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
        if (epochDay < FIRST_DATE || epochDay >= AFTER_LAST_DATE) {
            return false; // Excel's dates run from 1900 to 9999
        }
        long millisOfDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
        long serial = epochDay + EXCEL_EPOCH_DAY_OFFSET - (epochDay < FIRST_OF_MARCH_1900 ? 1 : 0);
        startCell(column, dateCell);
        ascii("<v>");
        number(serial);
        long fraction = (millisOfDay * FRACTION_DIGITS + MILLIS_PER_DAY / 2) / MILLIS_PER_DAY;
        if (fraction > 0) {
            ensure(12);
            buffer[position++] = '.';
            long scale = FRACTION_DIGITS / 10;
            while (fraction > 0) {
                buffer[position++] = (byte) ('0' + fraction / scale);
                fraction %= scale;
                scale /= 10;
            }
        }
        ascii("</v></c>");
        return true;
    }

    private void startRow(int row) throws IOException {
        int value = row;
        rowDigitCount = 0;
        do {
            rowDigits[rowDigitCount++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        ascii("<row r=\"");
        writeRowDigits();
        ascii("\">");
    }

    /**
     * Opens a cell with its reference ({@code r="C7"}). SpreadsheetML makes the reference optional, but
     * Gnumeric reads cells without one as empty and common JavaScript readers reject them: every writer people
     * use writes it, and so does this one. {@code rest} ends the opening tag after the row number: the closing
     * quote, the cell's style and type, and {@code >}.
     */
    private void startCell(int column, byte[] rest) throws IOException {
        byte[] opening = CELL_OPENINGS[column];
        ensure(opening.length + rowDigitCount + rest.length);
        byte[] buf = buffer;
        int pos = position;
        System.arraycopy(opening, 0, buf, pos, opening.length);
        pos += opening.length;
        for (int i = rowDigitCount - 1; i >= 0; i--) {
            buf[pos++] = rowDigits[i];
        }
        System.arraycopy(rest, 0, buf, pos, rest.length);
        position = pos + rest.length;
    }

    private void writeRowDigits() throws IOException {
        ensure(rowDigitCount);
        for (int i = rowDigitCount - 1; i >= 0; i--) {
            buffer[position++] = rowDigits[i];
        }
    }

    /** A number's decimal digits, written straight into the buffer. */
    private void number(long value) throws IOException {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            buffer[position++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = position + digits;
        for (int at = end - 1; at >= position; at--) {
            buffer[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position = end;
    }

    /**
     * Text content, escaped for XML and encoded as UTF-8; a character XML 1.0 cannot hold (a control character
     * other than tab, newline and carriage return, an unpaired surrogate, U+FFFE, U+FFFF) is written as U+FFFD,
     * as {@link XlsxText#xmlSafe} does.
     * <p>
     * The hottest loop of the report (half the Chats sheet's CPU went here when it checked the buffer for every
     * character): the text goes in stretches of {@link #TEXT_STRETCH} characters, each with room made for it
     * first (at most 6 bytes a character, {@code &#xd;} being the longest), so that the loop itself only
     * looks each character up and stores it.
     */
    private void text(String value) throws IOException {
        int length = value.length();
        int i = 0;
        while (i < length) {
            ensure(TEXT_STRETCH * 6);
            int end = Math.min(length, i + TEXT_STRETCH);
            byte[] buf = buffer;
            int pos = position;
            for (; i < end; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    if (PLAIN_ASCII[c]) {
                        buf[pos++] = (byte) c;
                    } else {
                        pos = escaped(c, buf, pos);
                    }
                } else if (Utf8.pairAt(value, i)) {
                    pos = Utf8.put(buf, pos, value.codePointAt(i++)); // may end a stretch one late
                } else {
                    // an unpaired surrogate comes as itself, and Utf8.put writes it as U+FFFD
                    pos = Utf8.put(buf, pos, c == '\uFFFE' || c == '\uFFFF' ? Utf8.REPLACEMENT : c);
                }
            }
            position = pos;
        }
    }

    /** An ASCII character that is not {@link #PLAIN_ASCII}: its escape, or U+FFFD for a control character. */
    private static int escaped(char c, byte[] buf, int pos) {
        String escape = switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '\r' -> "&#xd;"; // a raw CR would be read back as LF
            case '\t' -> "&#x9;";
            case '\n' -> "&#xa;";
            default -> null;
        };
        if (escape == null) {
            return Utf8.put(buf, pos, Utf8.REPLACEMENT);
        }
        escape.getBytes(0, escape.length(), buf, pos);
        return pos + escape.length();
    }

    /** Characters known to be ASCII and to need no escaping (markup, numbers). */
    private void ascii(String value) throws IOException {
        int length = value.length();
        ensure(length);
        if (length > buffer.length) {
            for (int i = 0; i < length; i++) {
                ensure(1);
                buffer[position++] = (byte) value.charAt(i);
            }
            return;
        }
        value.getBytes(0, length, buffer, position); // ASCII only: the deprecated low-byte copy is exact and fast
        position += length;
    }

    private void ensure(int bytes) throws IOException {
        if (position + bytes > buffer.length) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        deflating.deflate(buffer, position);
        buffer = null;
        position = 0;
        buffer = deflating.buffer();
    }

    /**
     * Ends the sheet (autofilter over the header and every row) once its deflated XML is all written, and
     * returns the CRC-32 and size of the XML.
     */
    DeflatingThread.Result finish() throws IOException {
        requireOpen();
        ascii("</sheetData><autoFilter ref=\"A1:" + columnName(ChatColumn.count() - 1) + lastRow + "\"/>"
                + "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                + "</worksheet>");
        deflating.deflate(buffer, position);
        buffer = null;
        finished = true;
        return deflating.finish();
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the sheet is already finished");
        }
    }

    /** Stops deflating, where a sheet is abandoned before {@link #finish}. */
    @Override
    public void close() {
        deflating.close();
    }

    static String columnName(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            name.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return name.toString();
    }

    private static byte[] asciiBytes(CharSequence text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) text.charAt(i);
        }
        return bytes;
    }
}
