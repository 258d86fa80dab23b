package com.botbuddy.batch.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;

/**
 * A connection for a short command ({@code jobs}, {@code stop}, the look-up before {@code restart}) that never
 * serves the database file to other processes, so that its own end never has to wait for them: when no process has
 * the file open it opens it alone for the moment it needs (without AUTO_SERVER, so no other process can connect
 * through it; one that tries meanwhile retries, see {@link OpeningPatience}), and when another process serves it, it
 * connects to that process's port as a client, with the port and key H2 keeps in the lock file.
 */
final class H2ClientConnector {
    /** H2's codes for a file another process has open (or is opening, or closing). */
    private static final Set<Integer> IN_USE = Set.of(8000, 90020, 90135);
    /** H2's codes for a serving process gone or going. */
    private static final Set<Integer> SERVER_GONE = Set.of(90067, 90098, 90121, 90149, 90146);

    private H2ClientConnector() {
    }

    static Connection connect(Path home, String user, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        String alone = EmbeddedHome.exclusiveJdbcUrl(home) + ";IFEXISTS=TRUE";
        OpeningPatience patience = new OpeningPatience();
        while (true) {
            SQLException last;
            try {
                return org.h2.Driver.load().connect(alone, credentials);
            } catch (SQLException e) {
                if (!IN_USE.contains(e.getErrorCode())) {
                    throw e;
                }
                last = e;
            }
            String server = servingAddress(home);
            if (server != null) {
                try {
                    return org.h2.Driver.load().connect("jdbc:h2:tcp://" + server, credentials);
                } catch (SQLException e) {
                    if (!SERVER_GONE.contains(e.getErrorCode())) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (patience.spent()) {
                throw last;
            }
            patience.pause();
        }
    }

    /** {@code host:port/key} of the process serving the file, from H2's lock file, or {@code null}. */
    private static String servingAddress(Path home) {
        Properties lock = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve(EmbeddedHome.DATABASE + ".lock.db"))) {
            lock.load(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // being written: the next attempt reads it whole
        }
        String server = lock.getProperty("server");
        String key = lock.getProperty("id");
        return server == null || key == null ? null : server + "/" + key;
    }
}
