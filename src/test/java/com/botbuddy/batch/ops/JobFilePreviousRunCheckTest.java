package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.ops.ExecutionListing.Row;
import com.botbuddy.batch.ops.PreviousRunCheck.Action;
import com.botbuddy.batch.ops.PreviousRunCheck.Decision;

/** The restart-first rule of nightly job files: which earlier execution, if any, is restarted before the day's run. */
class JobFilePreviousRunCheckTest {
    private static final String TODAY = "2026-03-14";
    private static final String YESTERDAY = "2026-03-13";
    private static final LongPredicate DEAD = id -> false;
    private static final LongPredicate ALIVE = id -> true;

    private static Row export(long id, String status, String bot, String customer, String type, String date) {
        return new Row(id, "export", status, status, LocalDateTime.now(), null, 0, 0, 0,
                Map.of("botId", bot, "customerId", customer, "type", type, "date", date, "run", "1"));
    }

    private static Row importRow(long id, String status) {
        return new Row(id, "import", status, status, LocalDateTime.now(), null, 0, 0, 0,
                Map.of("botId", "b", "customerId", "c", "input.file", "/x.csv"));
    }

    private static Decision decide(List<Row> rows, LongPredicate alive) {
        return PreviousRunCheck.decide(rows, "b", "c", "all", TODAY, alive);
    }

    @Test
    void noEarlierExportMeansNothingToRestart() {
        Decision d = decide(List.of(importRow(5, "FAILED"), export(4, "FAILED", "other", "c", "all", YESTERDAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.reason()).contains("no earlier export of b/c");
    }

    @Test
    void failedPreviousNightIsRestartedFirst() {
        Decision d = decide(List.of(export(7, "FAILED", "b", "c", "all", YESTERDAY),
                export(3, "COMPLETED", "b", "c", "all", "2026-03-12")), DEAD);
        assertThat(d.action()).isEqualTo(Action.RESTART);
        assertThat(d.executionId()).isEqualTo(7L);
        assertThat(d.reason()).contains("execution 7", YESTERDAY, "FAILED", "restarting it first");
    }

    @Test
    void stoppedPreviousNightIsRestartedFirst() {
        Decision d = decide(List.of(export(9, "STOPPED", "b", "c", "all", YESTERDAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.RESTART);
        assertThat(d.executionId()).isEqualTo(9L);
    }

    @Test
    void onlyTheMostRecentExecutionOfTheTargetCounts() {
        // night 1 failed, restarted and completed as 8: nothing left to restart
        Decision d = decide(List.of(export(7, "FAILED", "b", "c", "all", YESTERDAY),
                export(8, "COMPLETED", "b", "c", "all", YESTERDAY), importRow(10, "FAILED"),
                export(9, "FAILED", "b2", "c", "all", YESTERDAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.executionId()).isEqualTo(8L);
        assertThat(d.reason()).contains("completed; nothing to restart");
    }

    @Test
    void anExportOfAnotherTypeIsNotThisTargetsPreviousRun() {
        Decision d = decide(List.of(export(7, "FAILED", "b", "c", "lead", YESTERDAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.NONE);
    }

    @Test
    void aStillRunningExecutionIsReportedAndNotRestarted() {
        Decision d = decide(List.of(export(11, "STARTED", "b", "c", "all", YESTERDAY)), ALIVE);
        assertThat(d.action()).isEqualTo(Action.SKIP);
        assertThat(d.reason()).contains("execution 11", "still running", "not restarting it");
    }

    @Test
    void aStartedExecutionWhoseProcessDiedIsRestartedFirst() {
        Decision d = decide(List.of(export(11, "STARTED", "b", "c", "all", YESTERDAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.RESTART);
        assertThat(d.reason()).contains("process that is gone");
    }

    @Test
    void aFailedRunOfTodaysOwnInstanceIsLeftToTodaysRunWhichResumesIt() {
        Decision d = decide(List.of(export(12, "FAILED", "b", "c", "all", TODAY)), DEAD);
        assertThat(d.action()).isEqualTo(Action.NONE);
        assertThat(d.reason()).contains("today's run resumes it");
    }

    @Test
    void abandonedAndUnknownExecutionsSayWhyTheyAreNotRestarted() {
        Decision abandoned = decide(List.of(export(13, "ABANDONED", "b", "c", "all", YESTERDAY)), DEAD);
        assertThat(abandoned.action()).isEqualTo(Action.SKIP);
        assertThat(abandoned.reason()).contains("abandoned");
        Decision unknown = decide(List.of(export(14, "UNKNOWN", "b", "c", "all", YESTERDAY)), DEAD);
        assertThat(unknown.action()).isEqualTo(Action.SKIP);
        assertThat(unknown.reason()).contains("cannot restart it", "--date " + YESTERDAY);
    }
}
