package com.botbuddy.batch.ops;

import static com.botbuddy.batch.ops.ProcessTestSupport.assertSameCsvsAsReference;
import static com.botbuddy.batch.ops.ProcessTestSupport.command;
import static com.botbuddy.batch.ops.ProcessTestSupport.execution;
import static com.botbuddy.batch.ops.ProcessTestSupport.jobsJson;
import static com.botbuddy.batch.ops.ProcessTestSupport.reportFolder;
import static com.botbuddy.batch.ops.ProcessTestSupport.slowExport;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;

import tools.jackson.databind.JsonNode;

/**
 * The real application in child JVMs on one H2 file (AUTO_SERVER: the running export serves it to the short
 * commands): {@code stop ID} from a second process and SIGTERM both end a run mid-fetch as STOPPED with exit 1,
 * and {@code restart ID} completes it to the same reports as an uninterrupted run; a duplicate launch while
 * the run is alive is refused with exit 4, naming the running execution.
 */
class StopAndDuplicateLaunchTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startReferenceRun() {
        ProcessTestSupport.startReference();
    }

    @Test
    void stopFromASecondProcessEndsTheRunStoppedWithExit1AndRestartCompletesIt() throws IOException {
        Repo repo = Repo.h2(dir.resolve("data"));
        Path out = dir.resolve("reports");
        Path logs = dir.resolve("logs");
        LocalDate date = LocalDate.of(2030, 3, 1);
        long id;
        try (BotbuddyProcess run = BotbuddyProcess.start(logs, "export", repo.env(), slowExport(repo, date, out, ProcessTestSupport.STOP_LATENCY_MS))) {
            id = run.awaitExecutionId();
            repo.awaitCommits(run, id, "fetchLeads", 1);

            Result stop = BotbuddyProcess.run(logs, "stop", repo.env(), command(repo, "stop", String.valueOf(id)));
            assertThat(stop.exitCode()).as(stop.output()).isZero();
            assertThat(stop.stdout()).as(stop.output()).contains("stop requested for execution " + id);

            Result stopped = run.awaitExit(BotbuddyProcess.TIMEOUT);
            assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
            assertStoppedMidFetch(stopped, id, repo);
        }

        long restartId = restartToIdenticalReports(repo, logs, id, out, date);

        JsonNode jobs = jobsJson(logs, "jobs", repo);
        assertThat(jobs).as(jobs.toString()).hasSize(2);
        assertThat(execution(jobs, id).get("status").asString()).isEqualTo("STOPPED");
        assertThat(execution(jobs, restartId).get("status").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void duplicateLaunchIsRefusedWithExit4AndSigtermStopsTheRunRestartably() throws IOException {
        Repo repo = Repo.h2(dir.resolve("data"));
        Path out = dir.resolve("reports");
        Path logs = dir.resolve("logs");
        LocalDate date = LocalDate.of(2030, 4, 1);
        long id;
        try (BotbuddyProcess run = BotbuddyProcess.start(logs, "export", repo.env(), slowExport(repo, date, out, ProcessTestSupport.STOP_LATENCY_MS))) {
            id = run.awaitExecutionId();
            repo.awaitCommits(run, id, "fetchLeads", 1);

            Result duplicate = BotbuddyProcess.run(logs, "duplicate", repo.env(), slowExport(repo, date, out, ProcessTestSupport.STOP_LATENCY_MS));
            assertThat(duplicate.exitCode()).as(duplicate.output()).isEqualTo(4);
            assertThat(duplicate.stderr()).as(duplicate.output())
                    .contains("already running as execution " + id)
                    .contains("scripts/botbuddy stop " + id);
            assertThat(run.isAlive()).as("the first run is untouched by the duplicate\n%s", run.output()).isTrue();

            run.terminate(); // SIGTERM
            Result stopped = run.awaitExit(BotbuddyProcess.TIMEOUT);
            assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
            assertThat(stopped.stderr()).as(stopped.output()).contains("SIGTERM: stopping execution " + id);
            assertStoppedMidFetch(stopped, id, repo);
        }

        long restartId = restartToIdenticalReports(repo, logs, id, out, date);

        // no child runs now: read the repository directly (the stop test checks the same through jobs --json)
        assertThat(repo.statuses()).as("the duplicate created no execution")
                .containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(id, "STOPPED", restartId, "COMPLETED")));
    }

    private static void assertStoppedMidFetch(Result stopped, long id, Repo repo) {
        // the run found its repository by --home: the command to paste must find it too
        assertThat(stopped.stderr()).as(stopped.output()).contains("execution " + id
                + " stopped; resume it with: scripts/botbuddy restart " + id + " " + String.join(" ", repo.args()) + "\n");
        assertThat(stopped.stdout()).as("stopped before the report step\n%s", stopped.output())
                .doesNotContain("step report started");
    }

    private static long restartToIdenticalReports(Repo repo, Path logs, long id, Path out, LocalDate date)
            throws IOException {
        Result restart = BotbuddyProcess.run(logs, "restart", repo.env(), command(repo, "restart", String.valueOf(id)));
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        List<Long> ids = BotbuddyProcess.executionIds(restart.stdout());
        assertThat(ids).as(restart.output()).hasSize(1);
        assertThat(ids.get(0)).isGreaterThan(id);
        assertSameCsvsAsReference(reportFolder(out, date));
        return ids.get(0);
    }
}
