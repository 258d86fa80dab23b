package com.botbuddy.batch.remote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Makes sure one partition runs in one worker at a time: a PostgreSQL advisory lock on the partition's step
 * execution id, held on a connection of its own for as long as the partition runs. A worker that dies loses its
 * connection and so the lock, at once; a worker that lost only the broker (whose request RabbitMQ handed to
 * another) still holds it. On another database there is no lock: a scale-out run needs PostgreSQL anyway.
 */
final class PartitionLock implements AutoCloseable {
    private final Connection connection;
    private final long key;

    private PartitionLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock, or {@code null} when another process holds it. */
    static PartitionLock tryTake(DataSource dataSource, long stepExecutionId) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                return new PartitionLock(c, -1);
            }
            // keyed by schema and id: the job repositories of other schemas number their executions too
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(current_schema()), ?)")) {
                ps.setInt(1, (int) (stepExecutionId % Integer.MAX_VALUE));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return new PartitionLock(c, stepExecutionId);
                    }
                }
            }
            c.close();
            return null;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connection) {
            if (key >= 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_advisory_unlock(hashtext(current_schema()), ?)")) {
                    ps.setInt(1, (int) (key % Integer.MAX_VALUE));
                    ps.executeQuery().close();
                }
            }
        }
    }
}
