package com.botbuddy.batch.ops;

import static com.botbuddy.batch.ops.Chaos.assertEnded;
import static com.botbuddy.batch.ops.ProcessTestSupport.CHATS;
import static com.botbuddy.batch.ops.ProcessTestSupport.assertSameCsvsAsReference;
import static com.botbuddy.batch.ops.ProcessTestSupport.command;
import static com.botbuddy.batch.ops.ProcessTestSupport.reference;
import static com.botbuddy.batch.ops.ProcessTestSupport.reportFolder;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.Chaos.Plan;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.botbuddy.batch.sandbox.SandboxStats;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A token revoked mid-run, a report folder made read-only mid-run and a disk that fills up while the reports are
 * written: the job ends at once with the documented exit code (3 for the token, 1 or 2 for the disk) and one clear
 * line, leaves nothing half-written and the previous night's reports as they were, and {@code restart ID} completes
 * once the cause is gone. The token is revoked by {@link TokenRevokingProxy} after a number of requests drawn from
 * the seed; the disk is a small tmpfs (skipped where {@code mount} is not allowed). Run as root, the job runs
 * through {@code setpriv} without the capabilities that let root write into a read-only folder.
 */
class RevokedTokenAndFullDiskTest {
    private static final LocalDate LAST_NIGHT = LocalDate.of(2030, 6, 1);
    private static final LocalDate TONIGHT = LAST_NIGHT.plusDays(1);
    private static final Pattern STACK_TRACE = Pattern.compile("\\tat |Exception in thread");

    @TempDir
    Path dir;

    private static Plan plan;

    @BeforeAll
    static void startReferenceRun() {
        plan = Plan.fromProperties();
        ProcessTestSupport.startReference();
    }

    @Test
    void exportWhoseTokenIsRevokedMidwayStopsAtOnceWithExit3AndRestartsWithARenewedToken() throws IOException {
        String old = "revoked-" + UUID.randomUUID();
        String renewed = "renewed-" + UUID.randomUUID();
        int pages = CHATS / SandboxSettings.DEFAULT_PAGE_SIZE;
        long revokeAfter = 3 + plan.random("revoked export").nextInt(pages / 2);
        Repo repo = Repo.h2(dir.resolve("data"));
        Path out = dir.resolve("reports");
        Path logs = dir.resolve("logs");
        try (SandboxServer api = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(CHATS)
                .withLatencyMs(20));
                TokenRevokingProxy proxy = new TokenRevokingProxy(api.baseUrl(),
                        Map.of("x-bot-token", SandboxSettings.DEFAULT_BOT_TOKEN), old, renewed, revokeAfter)) {
            List<String> export = command(repo, "export", "--bot-id", SandboxSettings.DEFAULT_BOT_ID,
                    "--customer-id", SandboxSettings.DEFAULT_CUSTOMER_ID, "--date", TONIGHT.toString(), "--out",
                    out.toString(), "--format", "csv", "--concurrency", "2");
            Result refused = BotbuddyProcess.run(logs, "export-revoked",
                    Map.of("BOTBUDDY_BASE_URL", proxy.baseUrl(), "BOTBUDDY_BOT_TOKEN", old), export);
            assertEnded(refused, 3);
            assertThat(refused.stderr()).as(refused.output()).containsIgnoringCase("refused");
            assertThat(refused.output()).as("the token is never printed").doesNotContain(old);
            assertThat(proxy.refused()).as("requests answered 401 before the job stopped: at most the pages already"
                    + " requested ahead (2 x --concurrency 2)").isBetween(1L, 4L);
            assertThat(filesUnder(out)).as("nothing written to the reports folder").isEmpty();

            long id = BotbuddyProcess.executionIds(refused.stdout()).get(0);
            Result restart = BotbuddyProcess.run(logs, "export-renewed",
                    Map.of("BOTBUDDY_BASE_URL", proxy.baseUrl(), "BOTBUDDY_BOT_TOKEN", renewed),
                    command(repo, "restart", String.valueOf(id)));
            assertEnded(restart, 0);
            assertSameCsvsAsReference(reportFolder(out, TONIGHT));
            Chaos.report("export, token revoked after " + revokeAfter + " requests", 0, proxy.refused(), 0, 0, 0,
                    ProcessTestSupport.CSVS.size());
        }
    }

    @Test
    void importWhoseTokenIsRevokedMidwayStopsAtOnceWithExit3AndRestartsWithARenewedToken() throws IOException {
        String old = "revoked-" + UUID.randomUUID();
        String renewed = "renewed-" + UUID.randomUUID();
        long revokeAfter = CHATS / 5 + plan.random("revoked import").nextInt(CHATS / 2);
        Path input = reference().folder().resolve("chats.csv");
        Path logs = dir.resolve("logs");
        List<String> jvm = List.of("-Dbotbuddy.import.send-chunk-size=100");

        Path uninterrupted = dir.resolve("uninterrupted");
        try (SandboxServer api = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(CHATS))) {
            Repo repo = Repo.h2(dir.resolve("data-uninterrupted"));
            try (BotbuddyProcess p = BotbuddyProcess.start(logs, "import-uninterrupted",
                    Map.of("BOTBUDDY_BASE_URL", api.baseUrl(), "BOTBUDDY_BP_TOKEN", SandboxSettings.DEFAULT_BP_TOKEN),
                    importArgs(repo, input, uninterrupted), List.of(), jvm)) {
                assertEnded(p.awaitExit(BotbuddyProcess.TIMEOUT), 0);
            }
        }

        Repo repo = Repo.h2(dir.resolve("data"));
        Path out = dir.resolve("import-out");
        try (SandboxServer api = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(CHATS)
                .withLatencyMs(10));
                TokenRevokingProxy proxy = new TokenRevokingProxy(api.baseUrl(),
                        Map.of("x-bp-token", SandboxSettings.DEFAULT_BP_TOKEN), old, renewed, revokeAfter)) {
            Result refused;
            try (BotbuddyProcess p = BotbuddyProcess.start(logs, "import-revoked",
                    Map.of("BOTBUDDY_BASE_URL", proxy.baseUrl(), "BOTBUDDY_BP_TOKEN", old),
                    importArgs(repo, input, out), List.of(), jvm)) {
                refused = p.awaitExit(BotbuddyProcess.TIMEOUT);
            }
            assertEnded(refused, 3);
            assertThat(refused.stderr()).as(refused.output()).containsIgnoringCase("refused");
            assertThat(refused.output()).as("the token is never printed").doesNotContain(old);
            assertThat(proxy.refused()).as("PUTs answered 401 before the job stopped (4 in flight at most)")
                    .isBetween(1L, 4L);
            assertNothingHalfWritten(out);

            long id = BotbuddyProcess.executionIds(refused.stdout()).get(0);
            Result restart;
            try (BotbuddyProcess p = BotbuddyProcess.start(logs, "import-renewed",
                    Map.of("BOTBUDDY_BASE_URL", proxy.baseUrl(), "BOTBUDDY_BP_TOKEN", renewed),
                    command(repo, "restart", String.valueOf(id)), List.of(), jvm)) {
                restart = p.awaitExit(BotbuddyProcess.TIMEOUT);
            }
            assertEnded(restart, 0);
            long mismatch = Files.mismatch(uninterrupted.resolve("results.csv"), out.resolve("results.csv"));
            assertThat(mismatch).as("results.csv differs from the uninterrupted import's at byte %d", mismatch)
                    .isEqualTo(-1L);
            assertThat(api.stats().updateRequestsByUuid()).as("every chat PUT").hasSize(CHATS);
            long resent = api.stats().requests(SandboxStats.UPDATE) - CHATS;
            assertThat(resent).as("rows PUT twice: at most the refused chunk's").isBetween(0L, 100L);
            Chaos.report("import, token revoked after " + revokeAfter + " requests", 0, proxy.refused(), 0, resent, 0,
                    1);
        }
    }

    @Test
    void reportFolderMadeReadOnlyMidRunFailsWithOneClearLineAndLeavesLastNightsReports() throws IOException {
        List<String> wrapper = unprivileged();
        Path out = dir.resolve("reports");
        Map<Path, String> lastNight = lastNightsReports(out, 300);
        Path botFolder = reportFolder(out, TONIGHT).getParent();
        Repo repo = Repo.h2(dir.resolve("data"));
        Path logs = dir.resolve("logs");

        Result failed;
        try (BotbuddyProcess run = BotbuddyProcess.start(logs, "export-read-only", Map.of(),
                tonightsExport(repo, out, 60), wrapper, List.of())) {
            run.awaitStdout(Pattern.compile("step fetchLeads started"), BotbuddyProcess.TIMEOUT);
            Files.setPosixFilePermissions(botFolder, PosixFilePermissions.fromString("r-xr-xr-x"));
            failed = run.awaitExit(BotbuddyProcess.TIMEOUT);
        } finally {
            Files.setPosixFilePermissions(botFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertThat(failed.exitCode()).as(failed.output()).isIn(1, 2);
        assertThat(failed.output()).as("no stack trace").doesNotContainPattern(STACK_TRACE);
        assertThat(failed.stderr()).as(failed.output()).contains("cannot write the reports in " + reportFolder(out, TONIGHT) + ": permission denied: " + botFolder);
        System.out.println("chaos: read-only report folder: " + failed.stderr().lines().findFirst().orElse(""));
        assertThat(fingerprints(out)).as("last night's reports, and nothing else").isEqualTo(lastNight);

        long id = BotbuddyProcess.executionIds(failed.stdout()).get(0);
        Result restart = BotbuddyProcess.run(logs, "export-restart", Map.of(),
                command(repo, "restart", String.valueOf(id)));
        assertEnded(restart, 0);
        assertSameCsvsAsReference(reportFolder(out, TONIGHT));
    }

    @Test
    void diskFullWhileTheReportsAreWrittenFailsWithOneClearLineAndLeavesLastNightsReports() throws IOException {
        Path out = dir.resolve("reports");
        Files.createDirectories(out);
        mountTmpfs(out, "4m");
        try {
            Map<Path, String> lastNight = lastNightsReports(out, 300);
            long used = 0;
            for (Path f : lastNight.keySet()) {
                used += Files.size(f);
            }
            // room for last night's reports and 256 KB more: tonight's chats.csv alone is larger
            remountTmpfs(out, ((used + 256 * 1024) / 4096 + 16) * 4 + "k");
            Repo repo = Repo.h2(dir.resolve("data"));
            Path logs = dir.resolve("logs");
            Result failed = BotbuddyProcess.run(logs, "export-disk-full", Map.of(),
                    tonightsExport(repo, out, 0));
            assertThat(failed.exitCode()).as(failed.output()).isIn(1, 2);
            assertThat(failed.output()).as("no stack trace").doesNotContainPattern(STACK_TRACE);
            assertThat(failed.stderr()).as(failed.output()).contains("No space left on device");
            System.out.println("chaos: disk full: " + failed.stderr().lines().findFirst().orElse(""));
            assertThat(fingerprints(out)).as("last night's reports, and nothing else").isEqualTo(lastNight);

            remountTmpfs(out, "16m");
            long id = BotbuddyProcess.executionIds(failed.stdout()).get(0);
            Result restart = BotbuddyProcess.run(logs, "export-restart", Map.of(),
                    command(repo, "restart", String.valueOf(id)));
            assertEnded(restart, 0);
            assertSameCsvsAsReference(reportFolder(out, TONIGHT));
        } finally {
            umount(out);
        }
    }

    /** Tonight's export: the chats of {@link ProcessTestSupport#reference()}, each page {@code latencyMs} late. */
    private static List<String> tonightsExport(Repo repo, Path out, int latencyMs) {
        return command(repo, "export", "--sandbox", "--sandbox-chats", String.valueOf(CHATS), "--sandbox-latency-ms",
                String.valueOf(latencyMs), "--date", TONIGHT.toString(), "--out", out.toString(), "--format", "csv",
                "--concurrency", "1");
    }

    private static Path lastNight;

    /**
     * Last night's reports (an export of {@code chats} chats, made once per class) copied into {@code out}; returns
     * every file under {@code out} with its SHA-256.
     */
    private static Map<Path, String> lastNightsReports(Path out, int chats) throws IOException {
        synchronized (RevokedTokenAndFullDiskTest.class) {
            if (lastNight == null) {
                Path made = Files.createTempDirectory("botbuddy-last-night");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessTestSupport.deleteTree(made)));
                Result r = BotbuddyProcess.run(made.resolve("logs"), "export-last-night", Map.of(),
                        List.of("export", "--sandbox", "--sandbox-chats", String.valueOf(chats), "--date",
                                LAST_NIGHT.toString(), "--out", made.resolve("reports").toString(), "--format",
                                "csv,xlsx,html", "--home", made.resolve("data").toString(), "--quiet"));
                assertEnded(r, 0);
                lastNight = made.resolve("reports");
            }
        }
        try (Stream<Path> walk = Files.walk(lastNight)) {
            for (Path from : walk.sorted().toList()) {
                Path to = out.resolve(lastNight.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Map<Path, String> files = fingerprints(out);
        assertThat(files).as("last night's reports").hasSizeGreaterThanOrEqualTo(8);
        return files;
    }

    private static Map<Path, String> fingerprints(Path root) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        for (Path f : filesUnder(root)) {
            try {
                out.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** No temporary file left; a summary.json, if any, is whole JSON and does not say COMPLETED. */
    private static void assertNothingHalfWritten(Path out) throws IOException {
        for (Path f : filesUnder(out)) {
            assertThat(f.getFileName().toString()).as("a temporary file left in %s", out).doesNotStartWith(".");
            if (f.getFileName().toString().equals("summary.json")) {
                JsonNode summary = JsonMapper.builder().build().readTree(f.toFile());
                assertThat(summary.get("status").asString()).isNotEqualTo("COMPLETED");
            }
        }
    }

    private static List<String> importArgs(Repo repo, Path input, Path out) {
        return command(repo, "import", input.toString(), "--bot-id", SandboxSettings.DEFAULT_BOT_ID, "--customer-id",
                SandboxSettings.DEFAULT_CUSTOMER_ID, "--out", out.toString(), "--concurrency", "4",
                "--overwrite-newer"); // sent unchecked: the write token is the one this test revokes
    }

    /**
     * The command prefix that makes the job subject to file permissions: none for an ordinary account; as root
     * (CI), {@code setpriv} dropping the capabilities that let root write anywhere (still uid 0, so it reads the
     * build and the Maven repository as before). Skips the test where that cannot be had.
     */
    private static List<String> unprivileged() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        List<String> wrapper = List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                "--inh-caps=-all");
        List<String> probe = new java.util.ArrayList<>(wrapper);
        probe.add("true");
        String problem = exec(probe);
        Assumptions.assumeTrue(problem == null, "cannot drop root's file capabilities with setpriv: " + problem);
        return wrapper;
    }

    private static void mountTmpfs(Path at, String size) {
        String problem = exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs",
                at.toString()));
        Assumptions.assumeTrue(problem == null, "cannot mount a small tmpfs for the disk-full run: " + problem);
    }

    private static void remountTmpfs(Path at, String size) {
        String problem = exec(List.of("mount", "-o", "remount,size=" + size, at.toString()));
        assertThat(problem).as("remount %s with size %s", at, size).isNull();
    }

    private static void umount(Path at) {
        exec(List.of("umount", at.toString()));
    }

    /** Runs a command; null when it exited 0, else what went wrong. */
    private static String exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not end within 20 s";
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
