package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The DDL of the export's staging: two tables per job instance in the job repository's database, created on
 * first use and dropped with the staging, and which instances have them. A table per instance lets an
 * export drop its staging at the end at no cost however many chats it held.
 * <ul>
 * <li>{@code BB_EXPORT_PAGES_<instance>} (or {@code _<instance>_<target>}, {@link StagingKey}): one row per run of pages ({@link StagedRun}), keyed by the
 *     {@link ListingPosition} of its last page, with its type, its number of chats and its bodies (or, on an
 *     H2 file, where the {@link PageSpool} keeps them);</li>
 * <li>{@code BB_EXPORT_KEYS_<instance>}: the same run's chat keys, under the same key.</li>
 * </ul>
 */
final class StagingTables {
    static final String PAGES_PREFIX = "BB_EXPORT_PAGES_";
    static final String KEYS_PREFIX = "BB_EXPORT_KEYS_";

    /** The advisory lock key under which PostgreSQL staging tables are created: "bbstag". */
    private static final long DDL_LOCK = 0x626273746167L;
    private static final Pattern SUFFIX = Pattern.compile("(\\d{1,18})(?:_(\\d{1,4}))?");

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Supplier<StagingDialect> dialect;
    private final Set<StagingKey> created = ConcurrentHashMap.newKeySet();
    /** PostgreSQL's page bodies: lz4 ({@link #ddl}) until the server refuses it. */
    private volatile String bodyCompression = " COMPRESSION lz4";

    StagingTables(DataSource dataSource, Supplier<StagingDialect> dialect) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = dialect;
    }

    static String pages(StagingKey key) {
        return PAGES_PREFIX + key.suffix();
    }

    static String keys(StagingKey key) {
        return KEYS_PREFIX + key.suffix();
    }

    void createIfAbsent(StagingKey key) {
        if (created.contains(key)) {
            return;
        }
        if (dialect.get().postgres()) {
            try {
                createCommitted(ddl(key, bodyCompression));
            } catch (IllegalStateException e) {
                if (bodyCompression.isEmpty()) {
                    throw e;
                }
                bodyCompression = ""; // a server before PostgreSQL 14, or built without lz4: its default
                createCommitted(ddl(key, bodyCompression));
            }
        } else {
            ddl(key, "").forEach(jdbc::execute);
        }
        created.add(key);
    }

    /**
     * {@code bodyCompression}: on PostgreSQL, lz4 compresses the page bodies (tens of kilobytes of JSON each) to
     * the same size as its default, pglz, in a quarter of the server's time, and reads them back faster too.
     */
    private List<String> ddl(StagingKey key, String bodyCompression) {
        String binary = dialect.get().binaryType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + pages(key) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                        + " CHAT_TYPE VARCHAR(10) NOT NULL, CHATS INTEGER NOT NULL, BODY " + binary + bodyCompression
                        + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + keys(key) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                        + " KEYS " + binary + " NOT NULL)");
    }

    /**
     * PostgreSQL: the tables committed at once, on a connection of their own, one process at a time (an advisory
     * lock). Workers of a remote export stage one target's partitions at the same moment, and two uncommitted
     * {@code CREATE TABLE IF NOT EXISTS} of one table make the second fail (a duplicate catalog row).
     */
    private void createCommitted(List<String> ddl) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("SELECT pg_advisory_lock(" + DDL_LOCK + ")");
            try {
                for (String statement : ddl) {
                    s.execute(statement);
                }
            } finally {
                s.execute("SELECT pg_advisory_unlock(" + DDL_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the export staging tables: " + e.getMessage(), e);
        }
    }

    void drop(StagingKey key) {
        jdbc.execute("DROP TABLE IF EXISTS " + pages(key));
        jdbc.execute("DROP TABLE IF EXISTS " + keys(key));
        created.remove(key);
    }

    /** The stagings that have tables, whatever became of their runs. */
    List<StagingKey> keys() {
        List<StagingKey> keys = new ArrayList<>();
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                Matcher suffix = SUFFIX.matcher(name.substring(Math.min(name.length(), PAGES_PREFIX.length())));
                if (name.startsWith(PAGES_PREFIX) && suffix.matches()) {
                    keys.add(new StagingKey(Long.parseLong(suffix.group(1)),
                            suffix.group(2) == null ? 0 : Integer.parseInt(suffix.group(2))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the export staging tables: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        return keys;
    }
}
