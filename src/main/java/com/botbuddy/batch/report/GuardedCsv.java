package com.botbuddy.batch.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * One CSV file, written by FastCSV's {@code CsvWriter}: RFC 4180 (separator {@code ,}, quote {@code "}, doubled
 * inside a quoted value), UTF-8 without BOM, CRLF line ends, quotes only where needed, and
 * {@link FormulaGuard#guard} on every value of every row (the header too). An unpaired surrogate (legal in the
 * API's JSON, not in UTF-8) is written as U+FFFD instead of failing the run. FastCSV rather than OpenCSV (which
 * reads the imports): it writes each value straight into its buffer, where OpenCSV builds every line in a
 * growing {@code StringBuilder} first, and {@code chats.csv} is the report's largest file.
 */
final class GuardedCsv implements Closeable {
    private static final int BUFFER_CHARS = 1 << 16;

    private final CsvWriter csv;

    GuardedCsv(Path file) throws IOException {
        this.csv = CsvWriter.builder().fieldSeparator(',').quoteCharacter('"').lineDelimiter(LineDelimiter.CRLF)
                .bufferSize(BUFFER_CHARS)
                .build(Utf8.writer(Files.newOutputStream(file)));
    }

    /** One row; a {@code null} value is an empty field. {@code values} itself is left as it is. */
    void row(String... values) throws IOException {
        String[] guarded = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String value = values[i];
            guarded[i] = value == null || value.isEmpty() ? "" : FormulaGuard.guard(value);
        }
        try {
            csv.writeRecord(guarded);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
