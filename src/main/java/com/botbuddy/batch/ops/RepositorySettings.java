package com.botbuddy.batch.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the job repository lives: the embedded H2 file under {@code home}, or a production database
 * (PostgreSQL) at {@code url}. User and password come from the environment only and are never printed.
 */
public record RepositorySettings(Path home, String url, String user, String password) {
    public static final String HOME_ENV = "BOTBUDDY_HOME";
    public static final String URL_ENV = "BOTBUDDY_REPOSITORY_URL";
    public static final String USER_ENV = "BOTBUDDY_REPOSITORY_USER";
    public static final String PASSWORD_ENV = "BOTBUDDY_REPOSITORY_PASSWORD";
    /** A {@code password=} parameter, after the {@code ?} of PostgreSQL's URLs or a {@code ;} of H2's. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("[?&;]\\s*password\\s*=",
            Pattern.CASE_INSENSITIVE);

    /**
     * Options win over the environment, the environment over the defaults. An embedded home that is a file, or
     * lies inside one, is refused here (exit 2), before any command opens or creates anything; so is a
     * repository URL that carries a password.
     */
    public static RepositorySettings resolve(Path homeOption, String urlOption, Map<String, String> env) {
        boolean fromEnv = homeOption == null && !env.getOrDefault(HOME_ENV, "").isBlank();
        Path home = homeOption != null ? homeOption : Path.of(fromEnv ? env.get(HOME_ENV) : "data");
        boolean urlFromOption = urlOption != null && !urlOption.isBlank();
        String url = urlFromOption ? urlOption : env.get(URL_ENV);
        if (url != null && holdsPassword(url)) {
            throw passwordInUrl(urlFromOption ? "--repository-url" : URL_ENV);
        }
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

    /**
     * Whether a JDBC URL carries a password: a {@code password=} parameter, or {@code user:password@} before the
     * host. A URL is seen by anyone who can list the machine's processes (an option) and is easily pasted into a
     * ticket or a log.
     */
    static boolean holdsPassword(String jdbcUrl) {
        if (PASSWORD_PARAMETER.matcher(jdbcUrl).find()) {
            return true;
        }
        int slashes = jdbcUrl.indexOf("//");
        if (slashes < 0) {
            return false;
        }
        String rest = jdbcUrl.substring(slashes + 2);
        int end = rest.length();
        for (char c : new char[] { '/', '?', ';' }) {
            int i = rest.indexOf(c);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        return at >= 0 && authority.substring(0, at).contains(":");
    }

    /** Names where the URL came from and where the password belongs; never repeats the URL, which holds it. */
    private static InvalidInputException passwordInUrl(String source) {
        return new InvalidInputException(source + " holds a password; leave it out of the URL and set "
                + PASSWORD_ENV + ", or put it in ~/.pgpass (the PostgreSQL driver reads it when no password is given)");
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
     * a larger cache does not speed them up and only makes the heap grow with the size of the export until it is
     * full (figures in {@code BENCHMARKS.md}). H2's trace file (errors only) is capped at 1 MB.
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
     * home on first use), or BOTBUDDY_REPOSITORY_PASSWORD. Without that variable, none at all ({@code null}, not an
     * empty one): the PostgreSQL driver then looks the password up in {@code ~/.pgpass} (or the file PGPASSFILE
     * names), which it does only when no password was given.
     */
    public String jdbcPassword() {
        if (embedded()) {
            return EmbeddedHome.secret(home);
        }
        return password == null || password.isEmpty() ? null : password;
    }

    /**
     * One connection, for a short command that reads or changes a few rows without starting Spring: on the embedded
     * repository one that never serves the file to other processes ({@link H2ClientConnector}).
     */
    public Connection connect() throws SQLException {
        if (embedded()) {
            return H2ClientConnector.connect(home, jdbcUser(), jdbcPassword());
        }
        return DriverManager.getConnection(url, jdbcUser(), jdbcPassword());
    }

    /**
     * Runs a short command's work on one {@link #connect() connection}, again on a new one if the process that
     * served the file ended under it (the work must be safe to repeat: reads, or an update that sets a value).
     */
    public <T> T withConnection(ConnectionWork<T> work) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (Connection c = connect()) {
                return work.apply(c);
            } catch (SQLException e) {
                if (!embedded() || attempt == 3 || e.getErrorCode() != 90067 && e.getErrorCode() != 90098
                        && e.getErrorCode() != 90121) {
                    throw e;
                }
            }
        }
    }

    /** Work done with one connection. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Spring properties for the data source. No password is an empty one here: Spring Boot hands a blank
     * password to a database that is not embedded as none, so the driver still reads {@code ~/.pgpass}.
     */
    public Map<String, Object> springProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", jdbcUrl());
        p.put("spring.datasource.username", jdbcUser());
        String password = jdbcPassword();
        p.put("spring.datasource.password", password == null ? "" : password);
        return p;
    }
}
