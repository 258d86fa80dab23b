package com.botbuddy.batch.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.history.HistoryDatabase.Row;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.ChatsCsvLeads;

/** The backfill from an export folder's {@code YYYY-MM-DD/chats.csv} files. */
class HistoryBackfillTest {
    @TempDir
    Path tmp;

    final HistoryDatabase db = HistoryDatabase.h2();
    final List<String> said = new ArrayList<>();

    /** A chats.csv as the export writes it: every column, cells already formula-guarded where they need it. */
    static void chatsCsv(Path dir, String date, String... rows) throws IOException {
        Path folder = dir.resolve(date);
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder(String.join(",", ChatColumn.NAMES)).append("\r\n");
        for (String row : rows) {
            csv.append(row).append("\r\n");
        }
        Files.writeString(folder.resolve("chats.csv"), csv, StandardCharsets.UTF_8);
    }

    /** One row: id, type, status, email, phone and agent set, every other column empty. */
    static String row(String id, String type, String status, String email, String phone, String agent) {
        String[] cells = new String[ChatColumn.values().length];
        java.util.Arrays.fill(cells, "");
        cells[ChatColumn.ID.ordinal()] = id;
        cells[ChatColumn.TYPE.ordinal()] = type;
        cells[ChatColumn.STATUS.ordinal()] = status;
        cells[ChatColumn.EMAIL.ordinal()] = email;
        cells[ChatColumn.PHONE.ordinal()] = phone;
        cells[ChatColumn.AGENT_ID.ordinal()] = agent;
        cells[ChatColumn.DIAL_CODE.ordinal()] = phone.isEmpty() ? "" : "'+91";
        return String.join(",", cells);
    }

    HistoryBackfill.Summary backfill(Path dir) {
        return new HistoryBackfill(db.history).run(dir, "bot", "cust",
                file -> sink -> ChatsCsvLeads.forEachLead(file, sink), said::add);
    }

    Path exports() throws IOException {
        Path dir = tmp.resolve("reports/cust/bot");
        // written out of order: the backfill sorts by date
        chatsCsv(dir, "2026-11-03", row("a", "lead", "CLOSED", "a@x.org", "", "'=agent"),
                row("n", "non-lead", "", "", "", ""));
        chatsCsv(dir, "2026-11-01", row("a", "lead", "OPEN", "", "", ""), row("b", "lead", "REVIEW", "", "555", "x"));
        chatsCsv(dir, "2026-11-02", row("a", "lead", "INPROGRESS", "a@x.org", "", "'=agent"),
                row("b", "lead", "REVIEW", "", "555", "x"));
        Files.createDirectories(dir.resolve("notes"));
        return dir;
    }

    @Test
    void datesAreRecordedOldestFirstWithTheFormulaGuardStripped() throws IOException {
        HistoryBackfill.Summary summary = backfill(exports());
        LocalDate d1 = LocalDate.of(2026, 11, 1);
        LocalDate d2 = LocalDate.of(2026, 11, 2);
        LocalDate d3 = LocalDate.of(2026, 11, 3);
        assertThat(db.rows("bot", "cust")).containsExactly(
                new Row("a", d1, d2, "OPEN", null, false),
                new Row("a", d2, d3, "INPROGRESS", "=agent", true),
                new Row("a", d3, null, "CLOSED", "=agent", true),
                new Row("b", d1, d3, "REVIEW", "x", true));
        assertThat(db.exports("bot", "cust")).extracting(m -> m.get("SOURCE")).containsOnly("BACKFILL");
        assertThat(summary).isEqualTo(new HistoryBackfill.Summary(3, 3, 0, 0, 5, 4, 3));
        assertThat(said).containsExactly("2026-11-01: 2 leads, 2 rows opened, 0 closed",
                "2026-11-02: 2 leads, 1 rows opened, 1 closed", "2026-11-03: 1 leads, 1 rows opened, 2 closed");
    }

    @Test
    void runningItTwiceRecordsNothingTwice() throws IOException {
        Path dir = exports();
        backfill(dir);
        List<Row> once = db.rows("bot", "cust");
        List<Map<String, Object>> dates = db.exports("bot", "cust");
        HistoryBackfill.Summary again = backfill(dir);
        assertThat(db.rows("bot", "cust")).isEqualTo(once);
        assertThat(db.exports("bot", "cust")).isEqualTo(dates);
        assertThat(again.recorded()).isZero();
        assertThat(again.alreadyRecorded()).isEqualTo(3);
    }

    @Test
    void datesOlderThanTheHistoryAreSkippedWithAWarning() throws IOException {
        db.history.record("bot", "cust", LocalDate.of(2026, 11, 2), LeadHistory.Source.EXPORT,
                LeadHistory.SameDate.REPLACE, sink -> sink.accept(new LeadState("z", "OPEN", null, true)));
        HistoryBackfill.Summary summary = backfill(exports());
        assertThat(summary.older()).isEqualTo(1);
        assertThat(summary.alreadyRecorded()).as("the nightly export's date is left as it recorded it").isEqualTo(1);
        assertThat(summary.recorded()).isEqualTo(1);
        assertThat(said.get(0)).isEqualTo("2026-11-01: older than the latest date recorded (2026-11-02), skipped");
    }

    @Test
    void aBadRowStopsWithItsFileRowAndReasonAndLeavesItsDateUnrecorded() throws IOException {
        Path dir = tmp.resolve("reports/cust/bot");
        chatsCsv(dir, "2026-11-01", row("a", "lead", "OPEN", "", "", ""));
        chatsCsv(dir, "2026-11-02", row("a", "lead", "OPEN", "", "", ""), row("b", "leed", "OPEN", "", "", ""));
        assertThatThrownBy(() -> backfill(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("2026-11-02/chats.csv") + " row 3: type must be 'lead' or 'non-lead', not 'leed'");
        assertThat(db.exports("bot", "cust")).hasSize(1);
        assertThat(db.snapshotRows()).isZero();
    }

    @Test
    void aRowWithCellsMissingOrAFileWithoutTheColumnsIsRefusedWithItsRow() throws IOException {
        Path dir = tmp.resolve("reports/cust/bot");
        chatsCsv(dir, "2026-11-01", row("a", "lead", "OPEN", "", "", ""), "b,,lead");
        assertThatThrownBy(() -> backfill(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chats.csv row 3: 3 cells where the header has " + ChatColumn.values().length);

        Path other = tmp.resolve("other/cust/bot/2026-11-01");
        Files.createDirectories(other);
        Files.writeString(other.resolve("chats.csv"), "uuid,status\r\nu1,OPEN\r\n");
        assertThatThrownBy(() -> backfill(other.getParent())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chats.csv row 1: no 'id' column");
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws IOException {
        Path dir = tmp.resolve("reports/cust/bot");
        chatsCsv(dir, "2026-11-01", row("a", "lead", "OPEN", "", "", ""));
        Path file = dir.resolve("2026-11-01/chats.csv");
        byte[] latin1 = (row("b", "lead", "OPEN", "", "", "Jos\u00e9") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> backfill(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": the text is not UTF-8; an export's chats.csv is UTF-8");
    }

    @Test
    void aFolderWithoutExportsIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("empty/2026-11-01"));
        assertThatThrownBy(() -> backfill(tmp.resolve("empty"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no export");
        assertThatThrownBy(() -> backfill(tmp.resolve("missing"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a folder");
    }
}
