package com.botbuddy.batch.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One CSV file: RFC 4180, UTF-8 without BOM, CRLF line ends, quotes only where needed, and
 * {@link FormulaGuard#guard} on every value of every row (the header too).
 * <p>
 * Written as OpenCSV's {@code CSVWriter} (separator {@code ,}, quote and escape {@code "}, no quotes unless
 * needed) wrote it, byte for byte, as {@code GuardedCsvTest} checks over thousands of random rows: a value is
 * quoted when it holds a quote, a comma, CR or LF, and its quotes are doubled; an unpaired surrogate (legal in
 * the API's JSON) is written as U+FFFD instead of failing the run. Encoded straight to UTF-8 bytes because
 * {@code chats.csv} is the report's largest file (about 360 MB for a million chats), and OpenCSV built each line
 * in a {@code StringBuilder} for a character encoder to copy again: the report step, rerun from the same staged
 * million chats, took 0.94-0.97 times the CPU with this writer.
 */
final class GuardedCsv implements Closeable {
    private static final int BUFFER = 1 << 16;
    /** Characters of a value encoded between two checks of the buffer's room ({@link #value}). */
    private static final int STRETCH = 2048;

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER + 16];
    private int position;
    private boolean closed;

    GuardedCsv(Path file) throws IOException {
        this.out = Files.newOutputStream(file);
    }

    void row(String... values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            String value = values[i];
            if (value != null && !value.isEmpty()) {
                value(FormulaGuard.guard(value));
            }
        }
        put((byte) '\r');
        put((byte) '\n');
    }

    /**
     * One value, quoted if it must be. The text goes in stretches of {@link #STRETCH} characters with room made
     * for each first (at most 3 bytes a character: a doubled quote, or UTF-8 of a character above ASCII), so
     * that the loop only looks each character up and stores it.
     */
    private void value(String value) throws IOException {
        boolean quoted = needsQuotes(value);
        if (quoted) {
            put((byte) '"');
        }
        int length = value.length();
        int i = 0;
        while (i < length) {
            ensure(STRETCH * 3 + 1);
            int end = Math.min(length, i + STRETCH);
            byte[] buf = buffer;
            int pos = position;
            for (; i < end; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    if (c == '"') {
                        buf[pos++] = '"';
                    }
                    buf[pos++] = (byte) c;
                } else if (Utf8.pairAt(value, i)) {
                    pos = Utf8.put(buf, pos, value.codePointAt(i++)); // may end a stretch one late
                } else {
                    pos = Utf8.put(buf, pos, c); // an unpaired surrogate is written as U+FFFD
                }
            }
            position = pos;
        }
        if (quoted) {
            put((byte) '"');
        }
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == ',' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void ensure(int bytes) throws IOException {
        if (position + bytes > BUFFER) {
            flushBuffer();
        }
    }

    private void put(byte b) throws IOException {
        if (position >= BUFFER) {
            flushBuffer();
        }
        buffer[position++] = b;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
