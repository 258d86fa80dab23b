package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The support logs' folder: private, one file per process, the oldest deleted beyond the cap, nothing else touched. */
class SupportLogFilesTest {
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 12, 5, 14, 30, 7);

    @TempDir
    Path tmp;

    @Test
    void aNewLogIsPrivateInAPrivateFolderNamedForItsStartAndProcess() throws IOException {
        Path home = tmp.resolve("home");
        Path log = SupportLogFiles.create(home, 20, NOW, 4242);
        assertThat(log).isEqualTo(home.resolve("logs/botbuddy-20261205-143007-4242.log")).isEmptyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aLogsFolderOthersCouldReadIsMadePrivate() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("home/logs"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        SupportLogFiles.create(tmp.resolve("home"), 20, NOW, 1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
    }

    @Test
    void theCapDeletesTheOldestLogsAndLeavesOtherFilesAlone() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("home/logs"));
        for (String name : List.of("botbuddy-20261201-010000-7.log", "botbuddy-20261130-235959-99.log",
                "botbuddy-20261203-120000-5.log", "botbuddy-20261202-080000-12.log", "notes.txt",
                "botbuddy-old.log")) {
            Files.writeString(folder.resolve(name), name);
        }
        Path log = SupportLogFiles.create(tmp.resolve("home"), 3, NOW, 4242);
        assertThat(SupportLogFiles.list(folder)).as("the two newest before it, and the new one").containsExactly(
                folder.resolve("botbuddy-20261202-080000-12.log"), folder.resolve("botbuddy-20261203-120000-5.log"),
                log);
        assertThat(folder.resolve("notes.txt")).exists();
        assertThat(folder.resolve("botbuddy-old.log")).exists();
    }

    @Test
    void aCapOfOneKeepsOnlyTheNewLog() throws IOException {
        Path first = SupportLogFiles.create(tmp, 1, NOW, 1);
        Path second = SupportLogFiles.create(tmp, 1, NOW.plusSeconds(1), 2);
        assertThat(SupportLogFiles.list(tmp.resolve("logs"))).containsExactly(second);
        assertThat(first).doesNotExist();
    }

    @Test
    void twoLogsOfOneProcessInTheSameSecondGetAFileEach() throws IOException {
        Path first = SupportLogFiles.create(tmp, 20, NOW, 4242);
        Path second = SupportLogFiles.create(tmp, 20, NOW, 4242);
        assertThat(second.getFileName()).hasToString("botbuddy-20261205-143007-4242-2.log");
        assertThat(SupportLogFiles.list(tmp.resolve("logs"))).containsExactly(first, second);
    }
}
