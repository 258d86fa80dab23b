package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The DDL of the export's staging: two tables per job instance in the job repository's database, created on
 * first use and dropped with the staging, and which instances have them. A table per instance lets an
 * export drop its staging at the end at no cost however many chats it held.
 * <ul>
 * <li>{@code BB_EXPORT_PAGES_<instance>}: one row per run of pages ({@link StagedRun}), keyed by the
 *     {@link ListingPosition} of its last page, with its type, its number of chats and its bodies (or, on an
 *     H2 file, where the {@link PageSpool} keeps them);</li>
 * <li>{@code BB_EXPORT_KEYS_<instance>}: the same run's chat keys, under the same key.</li>
 * </ul>
 */
final class StagingTables {
    static final String PAGES_PREFIX = "BB_EXPORT_PAGES_";
    static final String KEYS_PREFIX = "BB_EXPORT_KEYS_";

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Supplier<StagingDialect> dialect;
    private final Set<Long> created = ConcurrentHashMap.newKeySet();

    StagingTables(DataSource dataSource, Supplier<StagingDialect> dialect) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = dialect;
    }

    static String pages(long instanceId) {
        return PAGES_PREFIX + instanceId;
    }

    static String keys(long instanceId) {
        return KEYS_PREFIX + instanceId;
    }

    void createIfAbsent(long instanceId) {
        if (created.contains(instanceId)) {
            return;
        }
        String binary = dialect.get().binaryType();
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + pages(instanceId) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                + " CHAT_TYPE VARCHAR(10) NOT NULL, CHATS INTEGER NOT NULL, BODY " + binary + " NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + keys(instanceId) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                + " KEYS " + binary + " NOT NULL)");
        created.add(instanceId);
    }

    void drop(long instanceId) {
        jdbc.execute("DROP TABLE IF EXISTS " + pages(instanceId));
        jdbc.execute("DROP TABLE IF EXISTS " + keys(instanceId));
        created.remove(instanceId);
    }

    /** The job instances that have staging tables, whatever became of their runs. */
    List<Long> instances() {
        List<Long> instances = new ArrayList<>();
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                if (name.startsWith(PAGES_PREFIX) && name.substring(PAGES_PREFIX.length()).matches("\\d{1,18}")) {
                    instances.add(Long.parseLong(name.substring(PAGES_PREFIX.length())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the export staging tables: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        return instances;
    }
}
