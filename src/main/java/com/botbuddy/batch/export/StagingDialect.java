package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;

import com.botbuddy.batch.ops.DatabaseProduct;

/**
 * What staging needs to know of the job repository's database, read from its metadata: the type of its
 * binary columns (PostgreSQL's {@code BYTEA}, the standard {@code VARBINARY} elsewhere) and, on an H2 file,
 * the {@link PageSpool} that takes the page bodies ({@code null} elsewhere: PostgreSQL keeps the bodies in
 * its table, as a restart may run on another host).
 */
record StagingDialect(String binaryType, PageSpool spool) {
    static final String POSTGRES_BINARY = "BYTEA";

    boolean postgres() {
        return POSTGRES_BINARY.equals(binaryType);
    }

    static StagingDialect of(DataSource dataSource) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            DatabaseMetaData meta = c.getMetaData();
            boolean postgres = DatabaseProduct.isPostgres(c);
            return new StagingDialect(postgres ? POSTGRES_BINARY : "VARBINARY", PageSpool.forJdbcUrl(meta.getURL()));
        } catch (SQLException e) {
            return new StagingDialect("VARBINARY", null); // metadata unreadable: the standard type, bodies in the table
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }
}
