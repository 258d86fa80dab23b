package com.botbuddy.batch.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * One CSV file: RFC 4180, UTF-8 without BOM, CRLF line ends, quotes only where needed, and
 * {@link FormulaGuard#guard} on every value of every row (the header too).
 */
final class GuardedCsv implements Closeable {
    private final ICSVWriter csv;

    GuardedCsv(Path file) throws IOException {
        // an unpaired surrogate (legal in the API's JSON) becomes U+FFFD instead of failing the run
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), utf8), 1 << 16);
        this.csv = new CSVWriter(writer, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                ICSVWriter.DEFAULT_ESCAPE_CHARACTER, "\r\n");
    }

    void row(String... values) throws IOException {
        String[] guarded = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            guarded[i] = values[i] == null ? "" : FormulaGuard.guard(values[i]);
        }
        csv.writeNext(guarded, false);
        IOException failure = csv.getException(); // checkError() would flush after every row
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
