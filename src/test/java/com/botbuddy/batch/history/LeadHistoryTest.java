package com.botbuddy.batch.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.history.HistoryDatabase.Row;
import com.botbuddy.batch.history.LeadHistory.Outcome;
import com.botbuddy.batch.history.LeadHistory.SameDate;
import com.botbuddy.batch.history.LeadHistory.Source;

/** The slowly changing rows: what one snapshot after another leaves in the history table. */
class LeadHistoryTest {
    static final LocalDate D1 = LocalDate.of(2026, 11, 1);
    static final LocalDate D2 = LocalDate.of(2026, 11, 2);
    static final LocalDate D3 = LocalDate.of(2026, 11, 5);

    final HistoryDatabase db = HistoryDatabase.h2();

    LeadHistory.Recorded record(LocalDate date, SameDate sameDate, LeadState... leads) {
        return db.history.record("bot", "cust", date, Source.EXPORT, sameDate, sink -> List.of(leads).forEach(sink));
    }

    static LeadState lead(String id, String status, String agent, boolean contactable) {
        return new LeadState(id, status, agent, contactable);
    }

    @Test
    void aNewRowOnlyWhenStatusAgentOrContactabilityChanged() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true), lead("b", "OPEN", "x", false),
                lead("c", "REVIEW", "y", true));
        LeadHistory.Recorded second = record(D2, SameDate.REPLACE, lead("a", "OPEN", null, true),
                lead("b", "OPEN", "x", true), lead("c", "CLOSED", "y", true));
        record(D3, SameDate.REPLACE, lead("a", "OPEN", "z", true), lead("b", "OPEN", "x", true),
                lead("c", "CLOSED", "y", true));

        assertThat(second.opened()).as("b became contactable, c closed").isEqualTo(2);
        assertThat(second.closed()).isEqualTo(2);
        assertThat(db.rows("bot", "cust")).containsExactly(
                new Row("a", D1, D3, "OPEN", null, true),
                new Row("a", D3, null, "OPEN", "z", true),
                new Row("b", D1, D2, "OPEN", "x", false),
                new Row("b", D2, null, "OPEN", "x", true),
                new Row("c", D1, D2, "REVIEW", "y", true),
                new Row("c", D2, null, "CLOSED", "y", true));
        assertThat(db.snapshotRows()).as("the snapshot rows go with the transaction").isZero();
    }

    @Test
    void aLeadMissingFromACompleteExportIsClosedWithNoSuccessorAndOpensAgainWhenBack() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true), lead("b", "INPROGRESS", null, true));
        record(D2, SameDate.REPLACE, lead("a", "OPEN", null, true));
        record(D3, SameDate.REPLACE, lead("a", "OPEN", null, true), lead("b", "INPROGRESS", null, true));

        assertThat(db.rows("bot", "cust")).containsExactly(
                new Row("a", D1, null, "OPEN", null, true),
                new Row("b", D1, D2, "INPROGRESS", null, true),
                new Row("b", D3, null, "INPROGRESS", null, true));
    }

    @Test
    void recordingADateAgainReplacesItWithoutADoubleRow() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true), lead("b", "OPEN", null, true));
        record(D2, SameDate.REPLACE, lead("a", "REVIEW", null, true));
        List<Row> once = db.rows("bot", "cust");

        LeadHistory.Recorded again = record(D2, SameDate.REPLACE, lead("a", "REVIEW", null, true));
        assertThat(again.outcome()).isEqualTo(Outcome.REPLACED);
        assertThat(db.rows("bot", "cust")).as("a restart recording the same snapshot again").isEqualTo(once);
        assertThat(db.exports("bot", "cust")).hasSize(2);

        record(D2, SameDate.REPLACE, lead("a", "CLOSED", null, true), lead("b", "OPEN", null, true));
        assertThat(db.rows("bot", "cust")).as("a second export of the day replaces the first").containsExactly(
                new Row("a", D1, D2, "OPEN", null, true),
                new Row("a", D2, null, "CLOSED", null, true),
                new Row("b", D1, null, "OPEN", null, true));
    }

    @Test
    void aSnapshotFailingPartWayLeavesNothingAndItsRetryRecordsEachRowOnce() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true));
        List<Row> before = db.rows("bot", "cust");
        assertThatThrownBy(() -> db.history.record("bot", "cust", D2, Source.EXPORT, SameDate.REPLACE, sink -> {
            for (int i = 0; i < 2_500; i++) { // past two batches of inserts
                sink.accept(lead("n" + i, "OPEN", null, false));
            }
            throw new IllegalStateException("the process dies");
        })).hasMessage("the process dies");
        assertThat(db.rows("bot", "cust")).isEqualTo(before);
        assertThat(db.exports("bot", "cust")).hasSize(1);
        assertThat(db.snapshotRows()).isZero();

        db.history.record("bot", "cust", D2, Source.EXPORT, SameDate.REPLACE, sink -> {
            for (int i = 0; i < 2_500; i++) {
                sink.accept(lead("n" + i, "OPEN", null, false));
            }
        });
        assertThat(db.rows("bot", "cust")).hasSize(1 + 2_500)
                .filteredOn(r -> r.lead().equals("a")).containsExactly(new Row("a", D1, D2, "OPEN", null, true));
    }

    @Test
    void anExportOlderThanTheLatestRecordedIsSkipped() {
        record(D2, SameDate.REPLACE, lead("a", "OPEN", null, true));
        LeadHistory.Recorded older = record(D1, SameDate.REPLACE, lead("a", "CLOSED", null, true));
        assertThat(older.outcome()).isEqualTo(Outcome.SKIPPED_OLDER);
        assertThat(older.latest()).isEqualTo(D2);
        assertThat(db.rows("bot", "cust")).containsExactly(new Row("a", D2, null, "OPEN", null, true));
        assertThat(db.history.latest("bot", "cust")).contains(D2);
    }

    @Test
    void theBackfillsSameDateRuleLeavesARecordedDateAsItIs() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true));
        LeadHistory.Recorded again = record(D1, SameDate.SKIP, lead("a", "CLOSED", null, true));
        assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED_RECORDED);
        assertThat(db.rows("bot", "cust")).containsExactly(new Row("a", D1, null, "OPEN", null, true));
    }

    @Test
    void botsAndCustomersKeepHistoriesOfTheirOwn() {
        record(D2, SameDate.REPLACE, lead("a", "OPEN", null, true));
        db.history.record("bot", "other", D1, Source.EXPORT, SameDate.REPLACE,
                sink -> sink.accept(lead("a", "CLOSED", null, false)));
        assertThat(db.rows("bot", "other")).containsExactly(new Row("a", D1, null, "CLOSED", null, false));
        assertThat(db.rows("bot", "cust")).containsExactly(new Row("a", D2, null, "OPEN", null, true));
    }

    @Test
    void aSnapshotNamingALeadTwiceIsRefusedAndRecordsNothing() {
        record(D1, SameDate.REPLACE, lead("a", "OPEN", null, true));
        assertThatThrownBy(() -> db.history.record("bot", "cust", D2, Source.BACKFILL, SameDate.SKIP, sink -> {
            for (int i = 0; i < 1_500; i++) { // the second copy in another batch than the first
                sink.accept(lead(i == 1_400 ? "n7" : "n" + i, "OPEN", null, false));
            }
        })).hasMessage("the leads of " + D2 + " name lead id 'n7' twice");
        assertThat(db.rows("bot", "cust")).containsExactly(new Row("a", D1, null, "OPEN", null, true));
        assertThat(db.exports("bot", "cust")).hasSize(1);
    }

    @Test
    void statusesAreKeptAsTheReportReadsThem() {
        assertThat(LeadState.status("in review")).isEqualTo("REVIEW");
        assertThat(LeadState.status("Dependency")).isEqualTo("DEPENDANCY");
        assertThat(LeadState.status("lost")).isEqualTo(LeadState.UNKNOWN);
        assertThat(LeadState.status("  ")).isNull();
    }
}
