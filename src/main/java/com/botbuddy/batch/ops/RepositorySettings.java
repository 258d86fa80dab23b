package com.botbuddy.batch.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the job repository lives: the embedded H2 file under {@code home}, or a production database
 * (PostgreSQL) at {@code url}. User and password come from the environment only and are never printed.
 */
public record RepositorySettings(Path home, String url, String user, String password) {
    public static final String HOME_ENV = "BOTBUDDY_HOME";
    public static final String URL_ENV = "BOTBUDDY_REPOSITORY_URL";
    public static final String USER_ENV = "BOTBUDDY_REPOSITORY_USER";
    public static final String PASSWORD_ENV = "BOTBUDDY_REPOSITORY_PASSWORD";

    /**
     * Options win over the environment, the environment over the defaults. An embedded home that is a file, or
     * lies inside one, is refused here (exit 2), before any command opens or creates anything.
     */
    public static RepositorySettings resolve(Path homeOption, String urlOption, Map<String, String> env) {
        boolean fromEnv = homeOption == null && !env.getOrDefault(HOME_ENV, "").isBlank();
        Path home = homeOption != null ? homeOption : Path.of(fromEnv ? env.get(HOME_ENV) : "data");
        String url = urlOption != null && !urlOption.isBlank() ? urlOption : env.get(URL_ENV);
        RepositorySettings settings = new RepositorySettings(home.toAbsolutePath().normalize(),
                url == null || url.isBlank() ? null : url, env.get(USER_ENV), env.get(PASSWORD_ENV));
        if (settings.embedded()) {
            boolean byDefault = homeOption == null && !fromEnv;
            String name = homeOption != null ? "--home" : fromEnv ? HOME_ENV : "the data folder";
            requireFolder(settings.home(), name, byDefault ? " (set " + HOME_ENV + " or --home)" : "");
            EmbeddedHome.requirePrivate(settings.home(), name);
        }
        return settings;
    }

    /** The home, or the nearest of its parents that exists, must be a folder: H2 would only name the path. */
    private static void requireFolder(Path home, String name, String hint) {
        Path p = Folders.nearestExisting(home);
        if (p != null && !Files.isDirectory(p)) {
            throw new InvalidInputException(name + " " + home + (p.equals(home) ? "" : ": " + p)
                    + " is a file, not a folder" + hint);
        }
    }

    public boolean embedded() {
        return url == null;
    }

    /**
     * The JDBC URL used: an H2 file that other processes ({@code jobs}, {@code stop}, other jobs) use at the same
     * time through AUTO_SERVER (see {@link RepositoryAccess}).
     * Its page cache is 1 MB instead of H2's 16 MB: the jobs append to the staging and read it once, in order, so
     * a larger cache only made the heap grow with the size of the export until it was full (16 MB: 1M chats
     * 37-64 MB live; 4 MB: 35 MB at 1M against 29 at 100k; 1 MB: 28 against 27, and no slower). H2's trace file
     * (errors only) is capped at 1 MB.
     */
    public String jdbcUrl() {
        return embedded() ? EmbeddedHome.jdbcUrl(home) : url;
    }

    /** The embedded H2 database file (whether or not it exists yet). */
    public Path embeddedFile() {
        return EmbeddedHome.databaseFile(home);
    }

    /** A description safe to print: no password, no query string. */
    public String describe() {
        if (embedded()) {
            return "H2 " + embeddedFile();
        }
        return withoutParameters(url);
    }

    /** A JDBC URL without its {@code ?parameters}, which may hold a password: the form any message shows. */
    public static String withoutParameters(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    /** The user to connect as: H2's {@code sa}, or the configured one. */
    public String jdbcUser() {
        return embedded() ? "sa" : user == null ? "" : user;
    }

    /**
     * The password to connect with (never printed): the embedded repository's secret in the home (created with the
     * home on first use), or the configured one.
     */
    public String jdbcPassword() {
        if (embedded()) {
            return EmbeddedHome.secret(home);
        }
        return password == null ? "" : password;
    }

    /**
     * One connection, for a short command that reads or changes a few rows without starting Spring: on the embedded
     * repository taken as {@link RepositoryAccess} requires, so that closing it never breaks another process.
     */
    public Connection connect() throws SQLException {
        if (embedded()) {
            return SharedH2DataSource.unpooled(jdbcUrl(), jdbcUser(), jdbcPassword()).getConnection();
        }
        return DriverManager.getConnection(url, jdbcUser(), jdbcPassword());
    }

    /** Spring properties for the data source. */
    public Map<String, Object> springProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", jdbcUrl());
        p.put("spring.datasource.username", jdbcUser());
        p.put("spring.datasource.password", jdbcPassword());
        return p;
    }
}
