package com.botbuddy.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.cli.CommandLineContractTest.Run;
import com.botbuddy.batch.report.ChatColumn;

/** {@code history import DIR} as an operator runs it: its help, its summary, its refusals. */
class HistoryCommandTest {
    @TempDir
    Path tmp;

    static void chatsCsv(Path dir, String date, String... leads) throws IOException {
        Files.createDirectories(dir.resolve(date));
        StringBuilder csv = new StringBuilder(String.join(",", ChatColumn.NAMES)).append("\r\n");
        for (String lead : leads) {
            String[] idTypeStatus = lead.split(":", -1);
            String[] cells = new String[ChatColumn.values().length];
            Arrays.fill(cells, "");
            cells[ChatColumn.ID.ordinal()] = idTypeStatus[0];
            cells[ChatColumn.TYPE.ordinal()] = idTypeStatus[1];
            cells[ChatColumn.STATUS.ordinal()] = idTypeStatus[2];
            csv.append(String.join(",", cells)).append("\r\n");
        }
        Files.writeString(dir.resolve(date).resolve("chats.csv"), csv);
    }

    @Test
    void importBackfillsInDateOrderAndASecondRunRecordsNothingAgain() throws IOException {
        Path dir = tmp.resolve("reports/acme/bot-7");
        chatsCsv(dir, "2026-11-02", "a:lead:CLOSED", "b:lead:OPEN");
        chatsCsv(dir, "2026-11-01", "a:lead:OPEN", "n:non-lead:");
        String home = tmp.resolve("home").toString();

        Run first = CommandLineContractTest.run("history", "import", dir.toString(), "--home", home);
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).containsSubsequence("2026-11-01: 1 leads, 1 rows opened, 0 closed",
                "2026-11-02: 2 leads, 2 rows opened, 1 closed",
                "history import: bot bot-7, customer acme: 2 dates, 2 recorded (3 leads, 3 rows opened, 1 closed),"
                        + " 0 already recorded, 0 older than the history");

        Run second = CommandLineContractTest.run("history", "import", dir.toString(), "--home", home);
        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out()).contains("2 dates, 0 recorded (0 leads, 0 rows opened, 0 closed), 2 already recorded");
    }

    @Test
    void aBadFileIsExit2WithItsRowAndReasonOnOneLine() throws IOException {
        Path dir = tmp.resolve("reports/acme/bot-7");
        chatsCsv(dir, "2026-11-01", "a:lead:OPEN", "b:chat:OPEN");
        Run run = CommandLineContractTest.run("history", "import", dir.toString(), "--home", tmp.resolve("home").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("error: " + dir.resolve("2026-11-01/chats.csv").toAbsolutePath()
                + " row 3: type must be 'lead' or 'non-lead', not 'chat'\n").doesNotContain("\tat ");
    }

    @Test
    void aFolderWithoutExportsIsExit2BeforeTheRepositoryOpens() {
        Path home = tmp.resolve("home");
        Run run = CommandLineContractTest.run("history", "import", tmp.resolve("nothing/here").toString(), "--home",
                home.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("is not a folder: give an export folder like reports/<customer>/<bot>/");
        assertThat(home.resolve("logs")).doesNotExist();
    }

    @Test
    void exportsSinceMustBeAPositiveNumberOfDays() {
        Run run = CommandLineContractTest.run("export", "--sandbox", "--since", "0", "--home",
                tmp.resolve("home").toString(), "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("error: --since must be between 1 and 36525 days, not 0");
        assertThat(CommandLineContractTest.run("export", "--help").out()).contains("--since=DAYS");
    }

    @Test
    void helpSaysWhatItDoesAndWhatItTakes() {
        Run help = CommandLineContractTest.run("history", "import", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Backfills the lead history", "YYYY-MM-DD/chats.csv", "--bot-id",
                "--customer-id", "--home", "--repository-url", "already recorded");
        Run top = CommandLineContractTest.run("--help");
        assertThat(top.out()).contains("history");
    }
}
