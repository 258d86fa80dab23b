package com.botbuddy.batch.ops;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

import com.botbuddy.batch.ops.RunResult.Outcome;

/**
 * {@code stop ID} without starting Spring: asks a live execution to stop exactly as Spring Batch's
 * {@code JobOperator.stop} does, by setting its status to STOPPING (and its version one higher) in
 * {@code BATCH_JOB_EXECUTION}; the process running it reads that at its next chunk and ends STOPPED. An execution
 * whose process is gone needs Spring Batch's recovery, so for that one this answers nothing and the command falls
 * back to {@link JobRunner#stop}.
 */
public final class StopRequest {
    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    private StopRequest() {
    }

    /** The result of asking, or empty when the execution's process is gone (recover it through Spring Batch). */
    public static Optional<RunResult> send(Connection c, long executionId, String restartCommand) throws SQLException {
        String status;
        boolean started;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT STATUS, START_TIME FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?")) {
            ps.setLong(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of(new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                            + " in the job repository (see: scripts/botbuddy jobs)"));
                }
                status = rs.getString(1);
                started = rs.getTimestamp(2) != null;
            }
        }
        if (!RUNNING.contains(status)) {
            return Optional.of(new RunResult(Outcome.COMPLETED, null, "execution " + executionId + " is not running ("
                    + status + "); nothing to stop"));
        }
        if (ProcessOwner.isDead(context(c, executionId), started)) {
            return Optional.empty();
        }
        if (!"STOPPING".equals(status)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STOPPING',"
                    + " VERSION = VERSION + 1, LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ? AND STATUS IN ('STARTING', 'STARTED')")) {
                ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now()));
                ps.setLong(2, executionId);
                if (ps.executeUpdate() == 0) {
                    return send(c, executionId, restartCommand); // it ended meanwhile: say how
                }
            }
        }
        return Optional.of(new RunResult(Outcome.COMPLETED, null, "stop requested for execution " + executionId
                + "; it ends STOPPED after its current chunk and can be resumed with: " + restartCommand));
    }

    /** The execution's context as Spring Batch serialised it (host and PID of its process among it). */
    private static Map<String, Object> context(Connection c, long executionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT SHORT_CONTEXT, SERIALIZED_CONTEXT"
                + " FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID = ?")) {
            ps.setLong(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Map.of();
                }
                String serialized = rs.getString(2) != null ? rs.getString(2) : rs.getString(1);
                return new DefaultExecutionContextSerializer()
                        .deserialize(new ByteArrayInputStream(serialized.getBytes(StandardCharsets.ISO_8859_1)));
            }
        } catch (IOException e) {
            return Map.of(); // unreadable: treated as an execution no process recorded
        }
    }
}
