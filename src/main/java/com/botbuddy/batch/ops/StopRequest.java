package com.botbuddy.batch.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

import com.botbuddy.batch.ops.RunResult.Outcome;

/**
 * {@code stop ID} without starting Spring: asks a live execution to stop exactly as Spring Batch's
 * {@code JobOperator.stop} does, by setting its status to STOPPING in the job repository ({@link BatchTables}); the
 * process running it reads that at its next chunk and ends STOPPED. An execution whose process is gone needs Spring
 * Batch's recovery, so for that one this answers nothing and the command falls back to {@link JobRunner#stop}.
 */
public final class StopRequest {
    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    private StopRequest() {
    }

    /** The result of asking, or empty when the execution's process is gone (recover it through Spring Batch). */
    public static Optional<RunResult> send(Connection c, long executionId, String restartCommand) throws SQLException {
        BatchTables.State state = BatchTables.state(c, executionId);
        if (state == null) {
            return Optional.of(new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                    + " in the job repository (see: scripts/botbuddy jobs)"));
        }
        if (!RUNNING.contains(state.status())) {
            return Optional.of(new RunResult(Outcome.COMPLETED, null, "execution " + executionId + " is not running ("
                    + state.status() + "); nothing to stop"));
        }
        if (ProcessOwner.isDead(BatchTables.context(c, executionId), state.started())) {
            return Optional.empty();
        }
        if (!"STOPPING".equals(state.status()) && !BatchTables.markStopping(c, executionId)) {
            return send(c, executionId, restartCommand); // it ended meanwhile: say how
        }
        return Optional.of(new RunResult(Outcome.COMPLETED, null, "stop requested for execution " + executionId
                + "; it ends STOPPED after its current chunk and can be resumed with: " + restartCommand));
    }
}
