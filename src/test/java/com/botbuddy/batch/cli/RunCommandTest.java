package com.botbuddy.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.RepositorySettings;

class RunCommandTest {
    @TempDir
    Path dir;

    private PrintStream originalOut;
    private PrintStream originalErr;
    private ByteArrayOutputStream captured;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        captured = new ByteArrayOutputStream();
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private String output() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    private Path jobFile(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private int run(Path file) {
        return BotBuddyCli.run("run", file.toString(), "--home", dir.resolve("home").toString(), "--quiet");
    }

    @Test
    void missingJobFileExitsWith2() {
        assertThat(BotBuddyCli.run("run", dir.resolve("absent.properties").toString())).isEqualTo(2);
        assertThat(output()).contains("absent.properties does not exist");
    }

    @Test
    void tokenInAJobFileExitsWith2NamingTheKeyAndNeverPrintingTheValue() throws Exception {
        Path file = jobFile("t.properties", "job=export\ntargets=a/b\nbot-token=tok-7f3a9c1d\n");
        assertThat(run(file)).isEqualTo(2);
        assertThat(output()).contains("key 'bot-token' looks like a token").doesNotContain("tok-7f3a9c1d");
        assertThat(dir.resolve("home")).doesNotExist(); // rejected before anything started
    }

    @Test
    void unknownKeyExitsWith2ListingTheKnownKeys() throws Exception {
        Path file = jobFile("u.properties", "job=export\ntargets=a/b\nbot=x\n");
        assertThat(run(file)).isEqualTo(2);
        assertThat(output()).contains("unknown key 'bot'", "known keys for job=export:", "targets", "restart-failed");
    }

    @Test
    void aJobFileDateThatIsNotACalendarDayExitsWith2NamingTheRule() throws Exception {
        Path file = jobFile("d.properties", "job=export\ntargets=a/b\ndate=2026-02-30\nrestart-failed=false\n");
        assertThat(run(file)).isEqualTo(2);
        assertThat(output()).contains("--date must be a calendar date as YYYY-MM-DD, not '2026-02-30'")
                .doesNotContain("java.time");
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void explainPrintsTheCommandsWithForwardedOptionsAndRunsNothing() throws Exception {
        Path file = jobFile("e.properties", "job=export\ntargets=a/b, c/d\nout=out dir\n");
        assertThat(BotBuddyCli.run("run", file.toString(), "--explain", "--home", "/tmp/h", "--quiet")).isEqualTo(0);
        String cwd = Path.of("").toAbsolutePath().toString();
        assertThat(output()).contains("scripts/botbuddy export --bot-id a --customer-id b --date ",
                "--out '" + cwd + "/out dir' --home /tmp/h --quiet", "scripts/botbuddy export --bot-id c --customer-id d");
    }

    @Test
    void eachTargetRunsAndTheExitCodeIsTheWorstOfAllTargets() throws Exception {
        Path file = jobFile("two.properties", """
                job=export
                targets=bad..bot/demo-customer, demo-bot/demo-customer
                sandbox=true
                sandbox-chats=40
                restart-failed=false
                out=%s
                """.formatted(dir.resolve("reports").toString().replace("\\", "/")));
        assertThat(run(file)).isEqualTo(2);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        // the failing first target did not stop the second
        assertThat(dir.resolve("reports/demo-customer/demo-bot/" + today + "/chats.csv")).exists();
        assertThat(output()).contains("== target 1/2: bad..bot/demo-customer ==", "is not a safe folder name",
                "== target 2/2: demo-bot/demo-customer ==", "run " + file + ": summary")
                .containsPattern("bad\\.\\.bot/demo-customer\\s+exit 2\\s+export: exit 2")
                .containsPattern("demo-bot/demo-customer\\s+exit 0\\s+export: exit 0")
                .endsWith("exit 2 (bad usage, bad configuration, or an unreadable/invalid input file)\n");
        assertThat(com.botbuddy.batch.ops.SupportLogFiles.list(dir.resolve("home/logs")))
                .as("one support log for the process, whatever it runs").hasSize(1);
    }

    @Test
    void aFailedPreviousNightIsRestartedBeforeTheDaysRun() throws Exception {
        String common = "job=export\ntargets=demo-bot/demo-customer\nsandbox=true\nsandbox-chats=40\nout="
                + dir.resolve("reports").toString().replace("\\", "/") + "\n";
        assertThat(run(jobFile("yesterday.properties", common + "date=yesterday\n"))).isEqualTo(0);
        long failed = markLastExecutionFailed();

        assertThat(run(jobFile("nightly.properties", common))).isEqualTo(0);
        assertThat(output()).contains("(execution " + failed + ", date "
                + LocalDate.now(ZoneOffset.UTC).minusDays(1) + ") is FAILED; restarting it first",
                "botbuddy restart " + failed + " --home", "restart " + failed + ": exit 0 (completed); export: exit 0");
        assertThat(dir.resolve("reports/demo-customer/demo-bot/" + LocalDate.now(ZoneOffset.UTC) + "/chats.csv")).exists();

        // the next night finds a completed run and restarts nothing
        assertThat(run(jobFile("again.properties", common))).isEqualTo(0);
        assertThat(output()).contains("completed; nothing to restart");
    }

    /** Simulates a night whose run failed: the job repository row says FAILED. */
    private long markLastExecutionFailed() throws Exception {
        try (Connection c = RepositorySettings.resolve(dir.resolve("home"), null, Map.of()).connect();
                Statement s = c.createStatement()) {
            long id;
            try (ResultSet rs = s.executeQuery("SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION")) {
                rs.next();
                id = rs.getLong(1);
            }
            s.executeUpdate("UPDATE BATCH_JOB_EXECUTION SET STATUS='FAILED', EXIT_CODE='FAILED' WHERE JOB_EXECUTION_ID=" + id);
            s.executeUpdate("UPDATE BATCH_STEP_EXECUTION SET STATUS='FAILED', EXIT_CODE='FAILED' WHERE JOB_EXECUTION_ID="
                    + id + " AND STEP_NAME='clearStaging'");
            return id;
        }
    }
}
