package com.botbuddy.batch.report;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * One CSV file, written by OpenCSV's {@code CSVWriter}: RFC 4180 (separator {@code ,}, quote and escape
 * {@code "}), UTF-8 without BOM, CRLF line ends, quotes only where needed, and {@link FormulaGuard#guard} on
 * every value of every row (the header too). An unpaired surrogate (legal in the API's JSON, not in UTF-8)
 * is written as U+FFFD instead of failing the run.
 */
final class GuardedCsv implements Closeable {
    private static final int BUFFER_CHARS = 1 << 16;

    private final CSVWriter csv;

    GuardedCsv(Path file) throws IOException {
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), utf8),
                BUFFER_CHARS);
        this.csv = new CSVWriter(writer, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                ICSVWriter.DEFAULT_ESCAPE_CHARACTER, "\r\n");
    }

    /** One row; a {@code null} value is an empty field. {@code values} itself is left as it is. */
    void row(String... values) throws IOException {
        String[] guarded = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            guarded[i] = value == null || value.isEmpty() ? "" : FormulaGuard.guard(value);
        }
        csv.writeNext(guarded, false);
        IOException failure = csv.getException(); // writeNext keeps a write's failure rather than throwing it
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
