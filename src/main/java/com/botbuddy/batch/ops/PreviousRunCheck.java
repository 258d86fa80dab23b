package com.botbuddy.batch.ops;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

import com.botbuddy.batch.ops.ExecutionListing.Row;

/**
 * "A nightly run whose previous night failed restarts that one first, or says clearly why not." Given the
 * job repository's recent executions, decides what to do about one export target's most recent execution
 * (same botId, customerId and type) before the day's run.
 */
public final class PreviousRunCheck {
    static final String EXPORT_JOB = "export";

    public enum Action {
        /** Run {@code restart ID} first. */
        RESTART,
        /** There is an unfinished execution, but it must not (or cannot) be restarted now: {@code reason} says why. */
        SKIP,
        /** Nothing to restart (no earlier run, or it completed). */
        NONE
    }

    public record Decision(Action action, Long executionId, String reason) {
    }

    private PreviousRunCheck() {
    }

    /**
     * @param rows         recent executions (any order, any jobs)
     * @param type         the export type of the day's run ({@code all}, {@code lead}, {@code non-lead})
     * @param runDate      the date of the day's run: an unfinished execution of that very instance is resumed
     *                     by the day's run itself, so it is not restarted separately
     * @param processAlive whether the process that owns a STARTED execution is still alive
     */
    public static Decision decide(List<Row> rows, String botId, String customerId, String type, String runDate,
            LongPredicate processAlive) {
        Optional<Row> latest = rows.stream()
                .filter(r -> EXPORT_JOB.equals(r.job()))
                .filter(r -> botId.equals(r.parameters().get("botId"))
                        && customerId.equals(r.parameters().get("customerId"))
                        && type.equals(r.parameters().getOrDefault("type", "all")))
                .max(Comparator.comparingLong(Row::id));
        if (latest.isEmpty()) {
            return new Decision(Action.NONE, null, "no earlier export of " + botId + "/" + customerId + " (type " + type
                    + ") in the job repository");
        }
        Row last = latest.get();
        long id = last.id();
        String date = last.parameters().getOrDefault("date", "?");
        String what = "the previous export of " + botId + "/" + customerId + " (execution " + id + ", date " + date + ")";
        String status = last.status() == null ? "UNKNOWN" : last.status();
        return switch (status) {
            case "COMPLETED" -> new Decision(Action.NONE, id, what + " completed; nothing to restart");
            case "FAILED", "STOPPED" -> date.equals(runDate)
                    ? new Decision(Action.NONE, id, what + " is " + status + "; it is today's own job instance, so"
                            + " today's run resumes it")
                    : new Decision(Action.RESTART, id, what + " is " + status + "; restarting it first");
            case "STARTED", "STARTING", "STOPPING" -> processAlive.test(id)
                    ? new Decision(Action.SKIP, id, what + " is still running (" + status + ", its process is alive);"
                            + " not restarting it")
                    : date.equals(runDate)
                            ? new Decision(Action.NONE, id, what + " was left " + status + " by a process that is gone;"
                                    + " today's run recovers and resumes it")
                            : new Decision(Action.RESTART, id, what + " was left " + status + " by a process that is"
                                    + " gone; recovering and restarting it first");
            case "ABANDONED" -> new Decision(Action.SKIP, id, what + " was abandoned by an operator; not restarting it");
            default -> new Decision(Action.SKIP, id, what + " ended " + status + " (its outcome was not recorded);"
                    + " Spring Batch cannot restart it: check its reports and rerun that date with"
                    + " 'scripts/botbuddy export --date " + date + " ...' if needed");
        };
    }
}
