package com.botbuddy.batch.ops;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/**
 * A child JVM for {@link RepositoryAccessTest}: opens the embedded repository in the home it is given (so it serves
 * the file to other processes), says {@code serving}, and on a line {@code exit} on standard input ends as the
 * application does: its own connection closed, then {@link RepositoryAccess#closeAllForExit}, then exit.
 */
public final class RepositoryServingProcess {

    public static void main(String[] args) throws Exception {
        // standard output is the test's channel: no log lines on it (Logback's default would print the pool's)
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        RepositorySettings settings = RepositorySettings.resolve(Path.of(args[0]), null, Map.of());
        Connection own = SharedH2DataSource.pooled(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword())
                .getConnection();
        try (Statement s = own.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS T (X INT)");
        }
        System.out.println("serving " + RepositoryAccess.of(settings.home()).servesDatabase());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line = in.readLine(); !"exit".equals(line); line = in.readLine()) {
            if (line == null) {
                System.exit(3); // the test is gone
            }
        }
        own.close();
        System.out.println("closing");
        RepositoryAccess.closeAllForExit();
        System.exit(0);
    }
}
