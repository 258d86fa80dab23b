package com.botbuddy.batch.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
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

        /** A remote export's targets ({@code bot/customer}), in order; empty for any other execution. */
        public List<String> targets() {
            String list = parameters.getOrDefault("targets", "");
            return list.isBlank() ? List.of() : List.of(list.split(","));
        }

        public String subject() {
            if ("import".equals(job)) {
                String file = parameters.getOrDefault("input.file", "");
                int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
                return file.substring(slash + 1);
            }
            if (parameters.containsKey("targets")) { // a remote export: one run over many targets
                List<String> targets = targets();
                return (targets.size() == 1 ? targets.get(0) : targets.size() + " targets")
                        + (parameters.containsKey("date") ? " " + parameters.get("date") : "");
            }
            return parameters.getOrDefault("botId", "") + "/" + parameters.getOrDefault("customerId", "")
                    + (parameters.containsKey("date") ? " " + parameters.get("date") : "");
        }
    }

    /** Where one target of a remote export stands: its partitions, the pages they staged, its reports' step. */
    public record TargetProgress(int target, String label, int partitions, int completed, int failed, long pages,
            String reports) {
    }

    /** A remote export's progress per target, counting what the job instance's earlier executions completed. */
    public static List<TargetProgress> targetProgress(Connection c, Row row) throws SQLException {
        return BatchTables.targetProgress(c, row.id(), row.targets());
    }

    public List<Row> recent(int limit, String status) {
        try (Connection c = dataSource.getConnection()) {
            return recent(c, limit, status);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job executions: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code e} says Spring Batch's tables are not there: a repository that the first job to use it is
     * still creating (H2's "table not found", PostgreSQL's {@code undefined_table}). A reader then has nothing to
     * read yet, which is not an error.
     */
    public static boolean noTablesYet(SQLException e) {
        return e.getErrorCode() == 42102 || e.getErrorCode() == 42104 || "42P01".equals(e.getSQLState());
    }

    /**
     * The listing read on one connection with plain JDBC, as {@code jobs} does without starting Spring (and without
     * a logging system: a JdbcTemplate would start one).
     */
    public static List<Row> recent(Connection c, int limit, String status) throws SQLException {
        return BatchTables.recentExecutions(c, limit, status);
    }

}
