package com.botbuddy.batch.ops;

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

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/** Recent job executions, read straight from Spring Batch's tables (H2 or PostgreSQL), newest first. */
@Component
public class ExecutionListing {
    private final DataSource dataSource;

    public ExecutionListing(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One row of the listing. {@code parameters} holds only non-secret job parameters (tokens never are). */
    public record Row(long id, String job, String status, String exitCode, LocalDateTime startTime,
            LocalDateTime endTime, long read, long written, long skipped, Map<String, String> parameters) {

        public String subject() {
            if ("import".equals(job)) {
                String file = parameters.getOrDefault("input.file", "");
                int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
                return file.substring(slash + 1);
            }
            return parameters.getOrDefault("botId", "") + "/" + parameters.getOrDefault("customerId", "")
                    + (parameters.containsKey("date") ? " " + parameters.get("date") : "");
        }
    }

    /**
     * The steps whose counts the listing shows, so that each item counts once: read, the export's pages
     * (its fetch steps) and the import's rows (validation); written, the chats the export reported and the
     * rows the import sent. Other steps pass the same items on again (the import's sending reads the rows
     * validation wrote; clearing the export's staging counts the copies it drops).
     */
    private static final String READ_STEPS = "'fetchLeads', 'fetchNonLeads', 'validateRows'";
    private static final String WRITTEN_STEPS = "'report', 'sendUpdates'";

    public List<Row> recent(int limit, String status) {
        try (Connection c = dataSource.getConnection()) {
            return recent(c, limit, status);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job executions: " + e.getMessage(), e);
        }
    }

    /**
     * The listing read on one connection with plain JDBC, as {@code jobs} does without starting Spring (and without
     * a logging system: a JdbcTemplate would start one).
     */
    public static List<Row> recent(Connection c, int limit, String status) throws SQLException {
        String where = status == null ? "" : " WHERE e.STATUS = ?";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT e.JOB_EXECUTION_ID, i.JOB_NAME, e.STATUS, e.EXIT_CODE,"
                + " e.START_TIME, e.END_TIME,"
                + " (SELECT COALESCE(SUM(s.READ_COUNT),0) FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                + " AND s.STEP_NAME IN (" + READ_STEPS + ")),"
                + " (SELECT COALESCE(SUM(s.WRITE_COUNT),0) FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID"
                + " AND s.STEP_NAME IN (" + WRITTEN_STEPS + ")),"
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

    private static Map<String, String> parameters(Connection c, long executionId) throws SQLException {
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

    private static LocalDateTime time(Timestamp ts) {
        return ts == null ? null : ts.toLocalDateTime();
    }
}
