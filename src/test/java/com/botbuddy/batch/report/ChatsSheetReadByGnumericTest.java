package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small export's Chats sheet as Gnumeric reads it ({@code ssconvert} to CSV), held cell by cell against
 * {@code chats.csv}: a reader that expects every cell to carry its reference finds every value. Skips when
 * Gnumeric is not installed ({@code .ci/run} installs it where it can).
 */
class ChatsSheetReadByGnumericTest {
    /** How Gnumeric's CSV export writes a date-time cell: {@code 2024/03/08 05:57:07.148}. */
    private static final DateTimeFormatter GNUMERIC_DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu[/][-]MM[/][-]dd HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    @TempDir
    static Path folder;
    static List<String[]> csv;
    static List<String[]> gnumeric;
    /** Why the tests skip: Gnumeric is not installed. */
    static String missing;

    @BeforeAll
    static void convertTheChatsSheetWithGnumeric() throws Exception {
        Optional<Path> ssconvert = ExternalProgram.find("ssconvert");
        if (ssconvert.isEmpty()) {
            missing = "Gnumeric's ssconvert is not installed: Debian package gnumeric";
            return;
        }
        Path export = folder.resolve("export");
        SmallExport.write(export);
        Path converted = folder.resolve("chats-sheet.csv");
        ExternalProgram.Result result = ExternalProgram.run(Duration.ofSeconds(60), folder, Map.of("LC_ALL", "C.UTF-8"),
                List.of(ssconvert.get().toString(), "--export-type=Gnumeric_stf:stf_csv", "--export-options=sheet=Chats",
                        export.resolve("report.xlsx").toString(), converted.toString()));
        assertThat(converted).as("ssconvert exited %d: %s", result.exitCode(), result.output()).exists();
        csv = ChatsCsvTest.read(export.resolve(ChatReport.CHATS_CSV));
        gnumeric = ChatsCsvTest.read(converted);
    }

    @BeforeEach
    void skipWithoutGnumeric() {
        assumeTrue(missing == null, missing);
    }

    @Test
    void gnumericReadsEveryRowAndColumnOfTheChatsSheet() {
        assertThat(csv).hasSize(SmallExport.CHATS + 1);
        assertThat(gnumeric).hasSameSizeAs(csv);
        assertThat(gnumeric.get(0)).containsExactly(csv.get(0));
        for (int r = 1; r < gnumeric.size(); r++) {
            assertThat(gnumeric.get(r)).as("row %d", r).hasSize(ChatColumn.count());
        }
    }

    @Test
    void everyChatsCellHoldsWhatChatsCsvHolds() {
        int compared = 0;
        for (int r = 1; r < csv.size(); r++) {
            for (int c = 0; c < ChatColumn.count(); c++) {
                ChatColumn column = ChatColumn.at(c);
                String expected = FormulaGuard.unguard(csv.get(r)[c]);
                String actual = gnumeric.get(r)[c];
                String where = "row " + r + ", " + column.header();
                if (expected.isEmpty()) {
                    assertThat(actual).as(where).isEmpty();
                    continue;
                }
                switch (column.kind()) {
                    case TEXT -> assertThat(actual).as(where)
                            .isEqualTo(XlsxText.cell(FormulaGuard.keepThroughUnguard(expected), ChatReport.CHATS_CSV));
                    case INSTANT -> assertThat(instant(actual)).as(where + ": " + actual).isEqualTo(Instant.parse(expected));
                    case INTEGER -> assertThat(Long.parseLong(actual)).as(where).isEqualTo(Long.parseLong(expected));
                    case BOOLEAN -> assertThat(Boolean.parseBoolean(actual.toLowerCase(java.util.Locale.ROOT))).as(where)
                            .isEqualTo(Boolean.parseBoolean(expected));
                }
                compared++;
            }
        }
        // most cells have a value: an empty sheet would compare nothing
        assertThat(compared).isGreaterThan(SmallExport.CHATS * ChatColumn.count() / 2);
    }

    private static Instant instant(String text) {
        return LocalDateTime.parse(text, GNUMERIC_DATE_TIME).toInstant(ZoneOffset.UTC);
    }
}
