package com.botbuddy.batch.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which database a connection leads to, where H2's and PostgreSQL's statements or locks differ. */
public final class DatabaseProduct {
    private DatabaseProduct() {
    }

    /** Whether {@code c} leads to PostgreSQL (the production job repository); else H2, the embedded default. */
    public static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
