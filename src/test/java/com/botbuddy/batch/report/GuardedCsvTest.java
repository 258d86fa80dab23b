package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

class GuardedCsvTest {
    private static final String[] PIECES = {"a", "Z", "0", " ", ",", "\"", "\r", "\n", "\r\n", "\t", "=", "+", "-", "@",
        "'", ";", "\\", "\u00e9", "\u00df", "\u0645", "\u4e2d", "\uFFFD", "\uD83D\uDE00", "\uD800", "\uDC00", "\u0000",
        "\u007f", "\u0080", "\u07ff", "\u0800", "\uFFFF", "lead", "+91", "[\"x\",\"y\"]"};

    @TempDir
    Path folder;

    /** What a plain OpenCSV writer with RFC 4180 settings writes: the bytes the report's CSVs must have. */
    private static byte[] openCsv(String[][] rows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        Writer writer = new BufferedWriter(new OutputStreamWriter(bytes, utf8), 1 << 16);
        try (CSVWriter csv = new CSVWriter(writer, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                ICSVWriter.DEFAULT_ESCAPE_CHARACTER, "\r\n")) {
            for (String[] row : rows) {
                String[] guarded = new String[row.length];
                for (int i = 0; i < row.length; i++) {
                    guarded[i] = row[i] == null ? "" : FormulaGuard.guard(row[i]);
                }
                csv.writeNext(guarded, false);
            }
        }
        return bytes.toByteArray();
    }

    private byte[] guardedCsv(String[][] rows) throws Exception {
        Path file = folder.resolve("out.csv");
        try (GuardedCsv csv = new GuardedCsv(file)) {
            for (String[] row : rows) {
                csv.row(row);
            }
        }
        return Files.readAllBytes(file);
    }

    @Test
    void writesRfc4180BytesForThousandsOfRandomRows() throws Exception {
        Random random = new Random(4180);
        String[][] rows = new String[5_000][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new String[1 + random.nextInt(8)];
            for (int c = 0; c < rows[r].length; c++) {
                int pick = random.nextInt(12);
                if (pick == 0) {
                    rows[r][c] = null;
                } else if (pick == 1) {
                    rows[r][c] = "";
                } else {
                    StringBuilder value = new StringBuilder();
                    int length = random.nextInt(pick == 2 ? 3000 : 12);
                    for (int i = 0; i < length; i++) {
                        value.append(PIECES[random.nextInt(PIECES.length)]);
                    }
                    rows[r][c] = value.toString();
                }
            }
        }
        byte[] expected = openCsv(rows);
        assertThat(expected.length).isGreaterThan(100_000); // long values cross the writer's buffer many times
        assertThat(guardedCsv(rows)).isEqualTo(expected);
    }

    @Test
    void writesValuesLongerThanTheBufferWhole() throws Exception {
        // values longer than the writer's buffer: a pair across a 64 KiB line, and many characters of 2 or 3 bytes
        String pairAcross = "a".repeat((1 << 16) - 1) + "\uD83D\uDE00" + "b";
        String[][] rows = {{pairAcross, "\"".repeat(5000), "\u00e9".repeat(4100), "\u4e2d".repeat(2049) + ",",
            "x".repeat(2048) + "\uD800", "=" + "\uD83D\uDE00".repeat(3000)}};
        assertThat(guardedCsv(rows)).isEqualTo(openCsv(rows));
    }

    @Test
    void quotesOnlyWhereNeededGuardsFormulasAndReplacesAnUnpairedSurrogate() throws Exception {
        String[][] rows = {{"plain", "with,comma", "say \"hi\"", "two\r\nlines", "=1+1", "-x", null, "", "a\uD800b"}};
        assertThat(new String(guardedCsv(rows), StandardCharsets.UTF_8))
                .isEqualTo("plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\r\nlines\",'=1+1,'-x,,,a\uFFFDb\r\n");
    }
}
