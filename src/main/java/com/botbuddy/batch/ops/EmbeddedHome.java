package com.botbuddy.batch.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The folder of the embedded H2 job repository ({@code BOTBUDDY_HOME}): private to the account that runs the
 * tool. It is created {@code 0700}; one that other accounts can read or write is refused before anything in it is
 * opened, as {@code ssh} refuses a key file others can read. It holds the database ({@code botbuddy.mv.db}), H2's
 * lock and trace files, the export's staging, the support logs, the access lock ({@code botbuddy.access}, see
 * {@link RepositoryAccess}) and the database's password ({@code botbuddy.secret}, {@code 0600}): generated on first
 * use, never printed, and read from there by every process.
 */
public final class EmbeddedHome {
    static final String DATABASE = "botbuddy";
    static final String SECRET = "botbuddy.secret";
    static final String ACCESS = "botbuddy.access";
    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final String URL_PREFIX = "jdbc:h2:file:";
    /**
     * WRITE_DELAY=0: each commit reaches the file (the operating system's cache) before the commit returns, so a
     * kill -9 loses no committed chunk and no execution whose id was printed (the default, 500 ms, lost both: a
     * {@code restart ID} could then find no execution ID). It costs under a millisecond a commit, and jobs commit a
     * chunk at a time.
     */
    private static final String SETTINGS = "CACHE_SIZE=1024;TRACE_MAX_FILE_SIZE=1;WRITE_DELAY=0";

    static {
        // the port AUTO_SERVER opens to let other processes in listens on the loopback interface only
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private EmbeddedHome() {
    }

    /** The JDBC URL of the database in {@code home}, shared by the processes that use it (AUTO_SERVER). */
    static String jdbcUrl(Path home) {
        return URL_PREFIX + home.resolve(DATABASE) + ";AUTO_SERVER=TRUE;" + SETTINGS;
    }

    /** The JDBC URL that opens the database in {@code home} for this process alone, serving no other. */
    static String exclusiveJdbcUrl(Path home) {
        return URL_PREFIX + home.resolve(DATABASE) + ";" + SETTINGS;
    }

    /** The database file in {@code home} (whether or not it exists yet). */
    static Path databaseFile(Path home) {
        return home.resolve(DATABASE + ".mv.db");
    }

    /** The home of an H2 file database shared through AUTO_SERVER, or {@code null} for any other URL. */
    static Path sharedHome(String url) {
        return url != null && url.toUpperCase(Locale.ROOT).contains(";AUTO_SERVER=TRUE") ? folderOf(url) : null;
    }

    /** The folder of an H2 file database ({@code jdbc:h2:file:<folder>/<name>;...}), or {@code null} for any other URL. */
    public static Path folderOf(String url) {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            return null;
        }
        String path = url.substring(URL_PREFIX.length());
        int options = path.indexOf(';');
        return Path.of(options < 0 ? path : path.substring(0, options)).toAbsolutePath().normalize().getParent();
    }

    /**
     * Refuses a home that exists and lets other accounts in: its files hold every staged chat's contact details
     * and the job repository's secret. The message says how to fix it.
     */
    public static void requirePrivate(Path home, String name) {
        if (!Files.isDirectory(home)) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(home);
        } catch (UnsupportedOperationException | IOException e) {
            return; // not a POSIX file system: nothing to check
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions);
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
            throw new InvalidInputException(name + " " + home + " can be "
                    + (open.stream().anyMatch(p -> p.name().endsWith("WRITE")) ? "changed" : "read")
                    + " by other accounts (" + PosixFilePermissions.toString(permissions)
                    + "); it holds the job repository and its secret, so it must be private: chmod 700 " + home);
        }
    }

    /** Creates the home (and any missing parent) {@code 0700}. */
    public static void create(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
            Files.setPosixFilePermissions(home, PRIVATE_FOLDER); // whatever the umask took away or left
        }
    }

    /**
     * Creates a folder inside the home {@code 0700} like the home, or makes an existing one so (the umask only ever
     * takes bits away; a folder made by hand may have more). A file or a link in its place is refused.
     */
    public static Path privateFolder(Path folder) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createDirectories(folder);
        }
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw e;
            }
        }
        if (!Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE_FOLDER)) {
            Files.setPosixFilePermissions(folder, PRIVATE_FOLDER);
        }
        return folder;
    }

    /**
     * Makes the files H2 created with the umask's permissions ({@code botbuddy.mv.db}, its trace) {@code 0600}, as
     * far as this account owns them; the {@code 0700} home keeps other accounts out either way.
     */
    static void tighten(Path home) {
        for (String name : new String[] { DATABASE + ".mv.db", DATABASE + ".trace.db" }) {
            Path file = home.resolve(name);
            try {
                if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(PRIVATE_FILE)) {
                    Files.setPosixFilePermissions(file, PRIVATE_FILE);
                }
            } catch (UnsupportedOperationException | IOException e) {
                // another account's file or no POSIX permissions: the home's own permissions protect it
            }
        }
    }

    /** Creates an empty file {@code 0600} if it is missing (the umask cannot widen it). */
    public static Path privateFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        } catch (FileAlreadyExistsException e) {
            // made by an earlier or a concurrent start
        }
        return file;
    }

    /**
     * The database's password: read from {@code botbuddy.secret}, generated there first when neither it nor the
     * database exists yet. The file is written aside and linked into place, which fails if it exists, so two first
     * starts at once agree on one secret and no process ever reads half a file.
     */
    static String secret(Path home) {
        try {
            return readOrCreateSecret(home);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the job repository's secret in " + home + ": " + e.getMessage(), e);
        }
    }

    private static String readOrCreateSecret(Path home) throws IOException {
        Path file = home.resolve(SECRET);
        if (!Files.exists(file)) {
            if (Files.exists(databaseFile(home))) {
                throw new InvalidInputException("the job repository " + databaseFile(home)
                        + " exists but its secret " + file + " is missing: restore that file from a backup, or move the"
                        + " folder aside to start a new job repository (see the README, 'The job repository's secret')");
            }
            create(home);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path aside = Files.createTempFile(home, SECRET + ".", ".new",
                    PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            try {
                Files.writeString(aside, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                Files.createLink(file, aside);
            } catch (FileAlreadyExistsException e) {
                // another process was first: use its secret
            } finally {
                Files.deleteIfExists(aside);
            }
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return secret;
    }
}
