package com.botbuddy.batch.ops;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folder of support logs, {@code <home>/logs}: private to the account ({@code 0700}), one file per process
 * named {@code botbuddy-<yyyyMMdd-HHmmss>-<pid>.log} ({@code 0600}), at most {@code keep} of them. The oldest go
 * when a new one is made; files that are not ours are left alone.
 */
public final class SupportLogFiles {
    public static final String FOLDER = "logs";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Ours: start time, process id, and -2 for a second log of the same process and second. */
    private static final Pattern NAME = Pattern.compile("botbuddy-(\\d{8}-\\d{6})-\\d+(?:-(\\d+))?\\.log");
    /** Oldest first: by start time, then a process's -2 after its first. */
    private static final Comparator<Path> OLDEST_FIRST = Comparator
            .comparing((Path p) -> nameMatch(p).group(1))
            .thenComparingLong(p -> nameMatch(p).group(2) == null ? 1 : Long.parseLong(nameMatch(p).group(2)))
            .thenComparing(p -> p.getFileName().toString());
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private SupportLogFiles() {
    }

    /**
     * Makes the folder private (creating it, and the home, if need be), deletes the oldest logs until fewer than
     * {@code keep} remain, and creates this process's file, empty and private, exclusively (never another
     * process's file, never one through a link).
     */
    public static Path create(Path home, int keep, LocalDateTime now, long pid) throws IOException {
        Path folder = home.resolve(FOLDER);
        EmbeddedHome.create(home); // 0700 when this makes it
        EmbeddedHome.privateFolder(folder);
        deleteOldest(folder, keep - 1);
        String base = "botbuddy-" + now.format(STAMP) + "-" + pid;
        for (int n = 1;; n++) {
            Path file = folder.resolve(base + (n == 1 ? "" : "-" + n) + ".log");
            try {
                return privateFile(file);
            } catch (FileAlreadyExistsException e) {
                // a command run earlier in the same second by this process (tests run several in one JVM)
            }
        }
    }

    /** Our logs in {@code folder}, oldest first. */
    public static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .sorted(OLDEST_FIRST).toList();
        }
    }

    private static Matcher nameMatch(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a support log: " + file);
        }
        return m;
    }

    private static void deleteOldest(Path folder, int remaining) throws IOException {
        List<Path> logs = new ArrayList<>(list(folder));
        while (logs.size() > Math.max(remaining, 0)) {
            Files.deleteIfExists(logs.remove(0)); // another process starting now may have deleted it first
        }
    }

    private static Path privateFile(Path file) throws IOException {
        if (!posix()) {
            return Files.createFile(file);
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        Files.setPosixFilePermissions(file, FILE_MODE);
        return file;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
