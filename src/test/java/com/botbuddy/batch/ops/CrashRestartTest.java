package com.botbuddy.batch.ops;

import static com.botbuddy.batch.ops.ProcessTestSupport.assertSameCsvsAsReference;
import static com.botbuddy.batch.ops.ProcessTestSupport.command;
import static com.botbuddy.batch.ops.ProcessTestSupport.execution;
import static com.botbuddy.batch.ops.ProcessTestSupport.jobsJson;
import static com.botbuddy.batch.ops.ProcessTestSupport.reference;
import static com.botbuddy.batch.ops.ProcessTestSupport.reportFolder;
import static com.botbuddy.batch.ops.ProcessTestSupport.slowExport;
import static com.botbuddy.batch.ops.ProcessTestSupport.stepReads;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Reference;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

import tools.jackson.databind.JsonNode;

/**
 * The real application in child JVMs: a run killed with SIGKILL mid-step is resumed by {@code restart ID}
 * alone (on H2 and on PostgreSQL) to the same reports an uninterrupted run writes; bad usage exits 2, a
 * refused token exits 3 and the token is found in no output, listing, database file or report.
 */
class CrashRestartTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startReferenceRun() {
        ProcessTestSupport.startReference();
    }

    @Test
    void runKilledMidFetchOnH2IsRestartedByRestartIdAloneToIdenticalReports() throws IOException {
        Repo repo = Repo.h2(dir.resolve("data"));
        long[] ids = killMidFetchThenRestart(repo, LocalDate.of(2030, 1, 1));

        JsonNode failedOnly = jobsJson(dir.resolve("logs"), "jobs-status-failed", repo, "--status", "FAILED");
        assertThat(failedOnly).as("jobs --status FAILED:\n%s", failedOnly).hasSize(1);
        assertThat(failedOnly.get(0).get("id").asLong()).isEqualTo(ids[0]);
        assertThat(failedOnly.get(0).get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void runKilledMidFetchOnPostgresIsRestartedByRestartIdAloneToIdenticalReports() throws IOException {
        Repo repo = Repo.postgres();
        // the shared database keeps earlier runs: a date of its own gives this run a fresh job instance
        LocalDate date = LocalDate.of(2100, 1, 1).plusDays((System.currentTimeMillis() / 10) % 2_000_000);
        killMidFetchThenRestart(repo, date);
    }

    /** Returns {killed execution id, restart's execution id}. */
    private long[] killMidFetchThenRestart(Repo repo, LocalDate date) throws IOException {
        Path out = dir.resolve("reports");
        Path logs = dir.resolve("logs");
        long killedId;
        try (BotbuddyProcess run = BotbuddyProcess.start(logs, "export-killed", repo.env(),
                slowExport(repo, date, out, ProcessTestSupport.KILL_LATENCY_MS))) {
            killedId = run.awaitExecutionId();
            repo.awaitCommits(run, killedId, "fetchLeads", 3);
            Result killed = run.kill();
            assertThat(killed.exitCode()).as("SIGKILL\n%s", killed.output()).isEqualTo(137);
            assertThat(killed.stdout()).as(killed.output()).doesNotContain("step fetchLeads COMPLETED");
        }

        Result restart = BotbuddyProcess.run(logs, "restart", repo.env(),
                command(repo, "restart", String.valueOf(killedId)));
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(restart.stdout()).as(restart.output())
                .contains("execution " + killedId + " was left running by a dead process");
        List<Long> restartIds = BotbuddyProcess.executionIds(restart.stdout());
        assertThat(restartIds).as(restart.output()).hasSize(1);
        long restartId = restartIds.get(0);
        if (repo.name().equals("H2")) { // the shared PostgreSQL database may have runs of other tests in between
            assertThat(restartId).as("the next execution id, however the run ended").isEqualTo(killedId + 1);
        }
        assertThat(restartId).isGreaterThan(killedId);
        // resumed from the last committed page, not from the first: 3 chunks of 4 pages were committed, and
        // on H2 too each commit reaches the file before it returns (WRITE_DELAY=0), so a kill -9 loses none
        Reference reference = reference();
        long resumedPast = 12;
        assertThat(stepReads(restart.stdout(), "fetchLeads")).as(restart.output())
                .isLessThanOrEqualTo(reference.leadPages() - resumedPast);
        assertThat(stepReads(restart.stdout(), "fetchNonLeads")).isEqualTo(reference.nonLeadPages());

        assertSameCsvsAsReference(reportFolder(out, date));

        JsonNode jobs = jobsJson(logs, "jobs", repo);
        JsonNode killedRow = execution(jobs, killedId);
        assertThat(killedRow.get("status").asString()).as("the killed run, recovered:\n%s", killedRow)
                .isEqualTo("FAILED");
        assertThat(killedRow.get("endTime").isNull()).as("recovered with an end time:\n%s", killedRow).isFalse();
        assertThat(killedRow.get("exitCode").asString()).as("recovered with an exit code to match:\n%s", killedRow)
                .isEqualTo("FAILED");
        JsonNode restartRow = execution(jobs, restartId);
        assertThat(restartRow.get("status").asString()).as(restartRow.toString()).isEqualTo("COMPLETED");
        assertThat(restartRow.get("exitCode").asString()).isEqualTo("COMPLETED");
        assertThat(restartRow.get("parameters").get("date").asString()).isEqualTo(date.toString());
        return new long[] { killedId, restartId };
    }

    @Test
    void unsafeIdsAMissingTokenAndABadSettingExit2BeforeAnythingRuns() {
        Path logs = dir.resolve("logs");
        Map<String, String> withToken = Map.of("BOTBUDDY_BOT_TOKEN", "some-token");
        Result unsafe = BotbuddyProcess.run(logs, "unsafe-id", withToken, List.of("export", "--bot-id", "../x",
                "--customer-id", "c", "--home", dir.resolve("data").toString(), "--out", dir.resolve("reports")
                        .toString()));
        assertThat(unsafe.exitCode()).as(unsafe.output()).isEqualTo(2);
        assertThat(unsafe.stderr()).as(unsafe.output()).contains("bot id").contains("../x");

        Map<String, String> noToken = new HashMap<>();
        noToken.put("BOTBUDDY_BOT_TOKEN", null);
        Result missing = BotbuddyProcess.run(logs, "missing-token", noToken, List.of("export", "--bot-id", "b",
                "--customer-id", "c", "--home", dir.resolve("data").toString()));
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
        assertThat(missing.stderr()).as(missing.output()).contains("BOTBUDDY_BOT_TOKEN");

        Result badSetting = BotbuddyProcess.run(logs, "bad-setting", Map.of("BOTBUDDY_API_RETRY_ATTEMPTS", "abc"),
                List.of("export", "--sandbox", "--home", dir.resolve("data").toString(), "--out",
                        dir.resolve("reports").toString()));
        assertThat(badSetting.exitCode()).as(badSetting.output()).isEqualTo(2);
        assertThat(badSetting.stderr()).as(badSetting.output()).contains(
                "error: botbuddy.api.retry-attempts (--retry-attempts, environment BOTBUDDY_API_RETRY_ATTEMPTS)"
                        + " must be a whole number of at least 1 (1 = no retry), not 'abc'");
        assertThat(badSetting.output()).as("one clear line, no stack trace").doesNotContain("\tat ")
                .doesNotContain("BeanCreationException");

        assertThat(dir.resolve("reports")).doesNotExist();
    }

    @Test
    void refusedTokenExits3AndTheTokenIsInNoOutputListingDatabaseOrReport() throws IOException {
        String token = "wrong-" + UUID.randomUUID();
        Path logs = dir.resolve("logs");
        Path home = dir.resolve("data");
        Path out = dir.resolve("reports");
        Repo repo = Repo.h2(home);
        Result refused;
        try (SandboxServer api = SandboxServer.start(SandboxSettings.defaults().withPort(0))) {
            refused = BotbuddyProcess.run(logs, "export-refused", Map.of("BOTBUDDY_BOT_TOKEN", token),
                    command(repo, "export", "--bot-id", "demo-bot", "--customer-id", "demo-customer", "--base-url",
                            api.baseUrl(), "--date", "2030-05-05", "--out", out.toString(), "--format", "csv"));
        }
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).containsIgnoringCase("refused");
        assertThat(refused.stdout()).as("stdout").doesNotContain(token);
        assertThat(refused.stderr()).as("stderr").doesNotContain(token);

        long id = BotbuddyProcess.executionIds(refused.stdout()).get(0);
        Path jobsLogs = dir.resolve("jobs-logs");
        JsonNode jobs = jobsJson(jobsLogs, "jobs", repo);
        assertThat(execution(jobs, id).get("status").asString()).isEqualTo("FAILED");
        assertThat(Files.readString(jobsLogs.resolve("jobs.out"))).doesNotContain(token);

        List<Path> searched = new ArrayList<>();
        for (Path root : List.of(home, out, logs)) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    searched.add(file);
                    assertNoTokenIn(file, token);
                }
            }
        }
        assertThat(searched).as("the H2 database file was searched").contains(home.resolve("botbuddy.mv.db"));
    }

    /** The token's bytes, and its Base64 forms at the three alignments (serialised execution contexts are Base64). */
    private static void assertNoTokenIn(Path file, String token) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).as("%s holds the token", file).doesNotContain(token);
        byte[] raw = token.getBytes(StandardCharsets.UTF_8);
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + raw.length];
            System.arraycopy(raw, 0, shifted, shift, raw.length);
            String b64 = Base64.getEncoder().encodeToString(shifted);
            String core = b64.substring(4, b64.length() - 4); // only characters fixed by the token alone
            assertThat(text).as("%s holds the token in Base64", file).doesNotContain(core);
        }
    }
}
