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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;

import com.botbuddy.batch.ops.ExecutionListing.Row;

/**
 * The SQL that the short commands ({@code jobs}, {@code stop}, the look-up before {@code restart}) run on Spring
 * Batch's own, documented tables with plain JDBC, without starting Spring: the one place that names their columns.
 */
final class BatchTables {
    /**
     * The steps whose counts the listing shows, so that each item counts once: read, the export's pages
     * (its fetch steps) and the import's rows (validation); written, the chats the export reported and the
     * rows the import sent. Other steps pass the same items on again (the import's sending reads the rows
     * validation wrote; clearing the export's staging counts the copies it drops). A remote export counts its
     * workers' partitions and its targets' reports, not the steps that sum them up at their end.
     */
    private static final String READ_STEPS = "(s.STEP_NAME IN ('fetchLeads', 'fetchNonLeads', 'validateRows')"
            + " OR s.STEP_NAME LIKE 'fetchPartition:%')";
    private static final String WRITTEN_STEPS = "(s.STEP_NAME IN ('report', 'sendUpdates')"
            + " OR s.STEP_NAME LIKE 'targetReport:%')";

    private BatchTables() {
    }

    /** Recent executions, newest first, with their parameters ({@link ExecutionListing}). */
    static List<Row> recentExecutions(Connection c, int limit, String status) throws SQLException {
        String where = status == null ? "" : " WHERE e.STATUS = ?";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.JOB_EXECUTION_ID, i.JOB_NAME, e.STATUS, e.EXIT_CODE,"
                + " e.START_TIME, e.END_TIME,"
                + " (SELECT COALESCE(SUM(s.READ_COUNT),0) FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                + " AND " + READ_STEPS + "),"
                + " (SELECT COALESCE(SUM(s.WRITE_COUNT),0) FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                + " AND " + WRITTEN_STEPS + "),"
                + " (SELECT COALESCE(SUM(s.PROCESS_SKIP_COUNT + s.READ_SKIP_COUNT + s.WRITE_SKIP_COUNT),0) FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID)"
                + " FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID"
                + where + " ORDER BY e.JOB_EXECUTION_ID DESC LIMIT ?")) {
            int p = 1;
            if (status != null) {
                ps.setString(p++, status.toUpperCase());
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    rows.add(new Row(id, rs.getString(2), rs.getString(3), rs.getString(4), time(rs.getTimestamp(5)),
                            time(rs.getTimestamp(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9), Map.of()));
                }
            }
        }
        List<Row> withParameters = new ArrayList<>(rows.size());
        for (Row r : rows) {
            withParameters.add(new Row(r.id(), r.job(), r.status(), r.exitCode(), r.startTime(), r.endTime(), r.read(),
                    r.written(), r.skipped(), parameters(c, r.id())));
        }
        return withParameters;
    }

    /**
     * A remote export's progress per target ({@link ExecutionListing.TargetProgress}), as of {@code executionId}: the
     * latest state of each partition and report over the job instance's executions up to it, so that a restart's
     * progress counts what earlier executions completed. Targets are numbered from 1 as in {@code targets}.
     */
    static List<ExecutionListing.TargetProgress> targetProgress(Connection c, long executionId, List<String> targets)
            throws SQLException {
        Map<String, String[]> latest = new LinkedHashMap<>(); // step name: status, write count
        try (PreparedStatement ps = c.prepareStatement("SELECT s.STEP_NAME, s.STATUS, s.WRITE_COUNT"
                + " FROM BATCH_STEP_EXECUTION s JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
                + " WHERE e.JOB_INSTANCE_ID = (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?)"
                + " AND s.JOB_EXECUTION_ID <= ? AND (s.STEP_NAME LIKE 'fetchPartition:t%' OR s.STEP_NAME LIKE"
                + " 'targetReport:t%') ORDER BY s.STEP_EXECUTION_ID")) {
            ps.setLong(1, executionId);
            ps.setLong(2, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.put(rs.getString(1), new String[] { rs.getString(2), Long.toString(rs.getLong(3)) });
                }
            }
        }
        List<ExecutionListing.TargetProgress> progress = new ArrayList<>();
        for (int t = 1; t <= targets.size(); t++) {
            String prefix = "fetchPartition:t" + t + ".";
            int partitions = 0;
            int completed = 0;
            int failed = 0;
            long pages = 0;
            for (Map.Entry<String, String[]> step : latest.entrySet()) {
                if (step.getKey().startsWith(prefix)) {
                    partitions++;
                    String status = step.getValue()[0];
                    completed += "COMPLETED".equals(status) ? 1 : 0;
                    failed += "FAILED".equals(status) || "STOPPED".equals(status) || "ABANDONED".equals(status) ? 1 : 0;
                    pages += Long.parseLong(step.getValue()[1]);
                }
            }
            String[] report = latest.get("targetReport:t" + t);
            progress.add(new ExecutionListing.TargetProgress(t, targets.get(t - 1), partitions, completed, failed, pages,
                    report == null ? "not yet" : report[0]));
        }
        return progress;
    }

    /** An execution's parameters by name (never a secret: tokens are not job parameters). */
    static Map<String, String> parameters(Connection c, long executionId) throws SQLException {
        Map<String, String> params = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT PARAMETER_NAME, PARAMETER_VALUE FROM"
                + " BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ? ORDER BY PARAMETER_NAME")) {
            ps.setLong(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    params.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return params;
    }

    /** An execution's status and whether it has started, or {@code null} when there is no such execution. */
    static State state(Connection c, long executionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT STATUS, START_TIME FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?")) {
            ps.setLong(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new State(rs.getString(1), rs.getTimestamp(2) != null) : null;
            }
        }
    }

    /** An execution's status as stored, and whether it has a start time. */
    record State(String status, boolean started) {
    }

    /** The name of an execution's job, or {@code null} when there is no such execution. */
    static String jobName(Connection c, long executionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT i.JOB_NAME FROM BATCH_JOB_EXECUTION e"
                + " JOIN BATCH_JOB_INSTANCE i ON e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID WHERE e.JOB_EXECUTION_ID = ?")) {
            ps.setLong(1, executionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The execution's context as Spring Batch serialised it (host and PID of its process among it). */
    static Map<String, Object> context(Connection c, long executionId) throws SQLException {
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

    /**
     * Marks a starting or started execution STOPPING as {@code JobOperator.stop} does (its version one higher):
     * the process running it reads that at its next chunk. False when it was in neither state.
     */
    static boolean markStopping(Connection c, long executionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE BATCH_JOB_EXECUTION SET STATUS = 'STOPPING',"
                + " VERSION = VERSION + 1, LAST_UPDATED = ? WHERE JOB_EXECUTION_ID = ? AND STATUS IN ('STARTING', 'STARTED')")) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now()));
            ps.setLong(2, executionId);
            return ps.executeUpdate() > 0;
        }
    }

    private static LocalDateTime time(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }
}
