package com.botbuddy.batch.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * Opens sessions on the embedded H2 file shared through AUTO_SERVER, riding out the moments when another process
 * is opening or closing it: H2 then answers "Lock file recently modified", "Database may be already in use" or a
 * refused connection for a few milliseconds. Such answers are retried for up to a minute ({@link OpeningPatience}); any other
 * (a wrong password above all) fails at once.
 */
final class H2FileConnector extends AbstractDataSource {
    /** H2's codes for a file another process is opening, closing or serving from a port that just closed. */
    private static final Set<Integer> TRANSIENT = Set.of(8000, 90020, 90067, 90098, 90121, 90135, 90149);
    private static final int NOT_FOUND_WITH_IF_EXISTS = 90146;

    private final String url;
    private final Path databaseFile;
    private final Properties credentials = new Properties();
    private volatile boolean tightened;

    H2FileConnector(String url, Path databaseFile, String user, String password) {
        this.url = url;
        this.databaseFile = databaseFile;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        OpeningPatience patience = new OpeningPatience();
        while (true) {
            try {
                Connection c = org.h2.Driver.load().connect(url, credentials);
                if (!tightened) {
                    tightened = true;
                    EmbeddedHome.tighten(databaseFile.getParent());
                }
                return c;
            } catch (SQLException e) {
                if (!isTransient(e) || patience.spent()) {
                    throw e;
                }
            }
            patience.pause();
        }
    }

    private boolean isTransient(SQLException e) {
        // IFEXISTS on a file that exists: the serving process is closing it
        return TRANSIENT.contains(e.getErrorCode())
                || e.getErrorCode() == NOT_FOUND_WITH_IF_EXISTS && Files.exists(databaseFile);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLException("the embedded job repository's credentials are fixed");
    }
}
