package com.botbuddy.batch.ops;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Creates the job repository's tables when they are absent and migrates them by version when ours change; a
 * repository already at {@link #VERSION} costs one query at start-up. The version is kept in
 * {@code BB_SCHEMA_VERSION}. Two first starts at once take turns: on the embedded H2 file under
 * {@link RepositoryAccess}'s schema lock, on PostgreSQL under an advisory lock.
 * <p>
 * Versions: 1, Spring Batch 6's tables, on H2 with id sequences that hand out one value at a time (H2 caches 32,
 * and a process killed with -9 loses what it had not used: the restart of execution 1 became execution 33).
 */
@Component
final class RepositorySchema implements InitializingBean {
    static final int VERSION = 1;
    private static final Logger log = LoggerFactory.getLogger(RepositorySchema.class);
    private static final long POSTGRES_LOCK_KEY = 0x626f74627564L; // "botbud"

    private final DataSource dataSource;

    RepositorySchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (version(c) == VERSION) {
                return;
            }
        }
        locked(() -> {
            try (Connection c = dataSource.getConnection()) {
                migrate(c);
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the job repository's tables: " + e.getMessage(), e);
            }
        });
    }

    private void migrate(Connection c) throws SQLException {
        int from = version(c);
        if (from >= VERSION) {
            return; // another process was first
        }
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        boolean h2 = product.contains("h2");
        if (from < 1) {
            if (!hasTable(c, "BATCH_JOB_INSTANCE")) {
                String platform = h2 ? "h2" : product.contains("postgres") ? "postgresql" : product;
                ScriptUtils.executeSqlScript(c, new ClassPathResource("org/springframework/batch/core/schema-" + platform + ".sql"));
                log.info("created the job repository's tables");
            }
            if (h2) {
                sequencesWithoutCache(c);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS BB_SCHEMA_VERSION (VERSION INT NOT NULL)");
            s.execute("DELETE FROM BB_SCHEMA_VERSION");
            s.execute("INSERT INTO BB_SCHEMA_VERSION (VERSION) VALUES (" + VERSION + ")");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** The recorded version, 0 when none is (a new database, or tables made before versions were kept). */
    private static int version(Connection c) throws SQLException {
        if (!hasTable(c, "BB_SCHEMA_VERSION")) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(VERSION) FROM BB_SCHEMA_VERSION")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        for (String n : List.of(name, name.toLowerCase(Locale.ROOT))) {
            // in the connection's own schema: another schema of the same database may hold a repository of its own
            try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), n, new String[] { "TABLE" })) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sequencesWithoutCache(Connection c) throws SQLException {
        List<String> cached = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SEQUENCE_NAME FROM"
                + " INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_NAME LIKE 'BATCH$_%' ESCAPE '$' AND CACHE > 1")) {
            while (rs.next()) {
                cached.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String sequence : cached) {
                s.execute("ALTER SEQUENCE \"" + sequence + "\" NO CACHE");
            }
        }
    }

    private <T> T locked(Supplier<T> work) throws SQLException {
        if (dataSource instanceof SharedH2DataSource shared) {
            return shared.access().withSchemaLock(work);
        }
        try (Connection c = dataSource.getConnection()) {
            if (!DatabaseProduct.isPostgres(c)) {
                synchronized (RepositorySchema.class) {
                    return work.get();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + POSTGRES_LOCK_KEY + ")");
            }
            try {
                return work.get();
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + POSTGRES_LOCK_KEY + ")");
                }
            }
        }
    }
}
