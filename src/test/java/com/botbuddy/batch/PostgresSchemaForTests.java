package com.botbuddy.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A schema of its own on the local PostgreSQL ({@code 127.0.0.1:5432}, database {@code test}, or
 * {@code -Dbotbuddy.test.postgres.url}), which other processes' housekeeping on the shared database does not
 * reach: created by {@link #create}, which skips the calling test with the reason when PostgreSQL does not answer,
 * and dropped with everything in it by {@link #close}.
 */
public final class PostgresSchemaForTests implements AutoCloseable {
    public static final String URL = System.getProperty("botbuddy.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");

    private final String schema;

    private PostgresSchemaForTests(String schema) {
        this.schema = schema;
    }

    /** A new schema named {@code prefix} and a unique suffix. */
    public static PostgresSchemaForTests create(String prefix) {
        String schema = prefix + System.nanoTime();
        String problem = null;
        try (Connection c = dataSource(URL).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        Assumptions.assumeTrue(problem == null, "PostgreSQL at " + URL + " does not answer: " + problem);
        return new PostgresSchemaForTests(schema);
    }

    public String name() {
        return schema;
    }

    /** Connections whose tables are this schema's. */
    public DataSource dataSource() {
        return dataSource(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    @Override
    public void close() {
        new JdbcTemplate(dataSource(URL)).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(10);
        return ds;
    }
}
