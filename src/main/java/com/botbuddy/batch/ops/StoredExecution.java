package com.botbuddy.batch.ops;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What {@code restart} must know about an execution before it can start the application for it: the job,
 * and the sandbox the run used, if any. Read with plain JDBC from Spring Batch's tables, so a restart
 * starts the application once, not twice (a few seconds each). An embedded repository that does not
 * exist yet is not created by looking.
 */
public record StoredExecution(long id, String jobName, String sandboxSpec) {

    /** The execution, or empty when the repository has no such execution (or no job tables at all). */
    public static Optional<StoredExecution> find(RepositorySettings repository, long executionId, String sandboxParameter) {
        if (repository.embedded() && !Files.exists(repository.embeddedFile())) {
            return Optional.empty(); // looking creates nothing
        }
        try (Connection c = repository.connect()) {
            String jobName = BatchTables.jobName(c, executionId);
            if (jobName == null) {
                return Optional.empty();
            }
            String sandbox = BatchTables.parameters(c, executionId).get(sandboxParameter);
            return Optional.of(new StoredExecution(executionId, jobName, sandbox == null ? "" : sandbox));
        } catch (SQLException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new InvalidInputException("cannot open the job repository at " + repository.describe() + ": "
                    + e.getMessage(), e);
        }
    }

    /** No database file (H2 with IFEXISTS), or no Spring Batch tables in it yet. */
    private static boolean isMissing(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e.getErrorCode() == 90146 // H2: database not found and IFEXISTS=TRUE
                || state.equals("42S02") || state.equals("42P01") // table not found: H2, PostgreSQL
                || e.getErrorCode() == 42102 || e.getErrorCode() == 42104;
    }
}
