package com.botbuddy.batch.remote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.botbuddy.batch.ops.DatabaseProduct;

/**
 * Makes sure one partition runs in one worker at a time: a PostgreSQL advisory lock on the partition (its job
 * instance and name, so that a restart's new execution of a partition waits for an old one still running), held on
 * a connection of its own for as long as the partition runs. A worker that dies loses its connection and so the
 * lock, at once; a worker that lost only the broker (whose request RabbitMQ handed to another) still holds it. On
 * another database there is no lock: a scale-out run needs PostgreSQL anyway.
 */
final class PartitionLock implements AutoCloseable {
    private final Connection connection;
    private final String key;

    private PartitionLock(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock on partition {@code stepName} of job instance {@code instanceId}, or {@code null} when another holds it. */
    static PartitionLock tryTake(DataSource dataSource, long instanceId, String stepName) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!DatabaseProduct.isPostgres(c)) {
                return new PartitionLock(c, null);
            }
            String key = instanceId + ":" + stepName;
            // keyed by schema too: the job repositories of other schemas number their instances as well
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtext(current_schema()), hashtext(?))")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return new PartitionLock(c, key);
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
            if (key != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_advisory_unlock(hashtext(current_schema()), hashtext(?))")) {
                    ps.setString(1, key);
                    ps.executeQuery().close();
                }
            }
        }
    }
}
