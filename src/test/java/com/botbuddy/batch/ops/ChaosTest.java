package com.botbuddy.batch.ops;

import static com.botbuddy.batch.ops.Chaos.assertEnded;
import static com.botbuddy.batch.ops.Chaos.atRequests;
import static com.botbuddy.batch.ops.Chaos.inStep;
import static com.botbuddy.batch.ops.Chaos.moments;
import static com.botbuddy.batch.ops.Chaos.runKilled;
import static com.botbuddy.batch.ops.ProcessTestSupport.assertSameReports;
import static com.botbuddy.batch.ops.ProcessTestSupport.command;
import static com.botbuddy.batch.ops.ProcessTestSupport.reportFolder;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.Chaos.KillPoint;
import com.botbuddy.batch.ops.Chaos.Plan;
import com.botbuddy.batch.ops.Chaos.Survived;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;
import com.botbuddy.batch.sandbox.FaultPlan;
import com.botbuddy.batch.sandbox.FaultPlan.Fault;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.botbuddy.batch.sandbox.SandboxStats;

import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kill -9 at random moments (drawn from the seed {@link Chaos.Plan} prints) and an API that fails one attempt in ten:
 * the export and the import, each against a sandbox in this JVM, are killed with SIGKILL at each moment and restarted
 * by {@code restart ID} until they end by themselves, and then their outputs are those of an uninterrupted run: the
 * export's reports ({@link ProcessTestSupport#assertSameReports}), the import's {@code results.csv} byte for byte and
 * its {@code summary.json} but for the duration; every row of the import was PUT, and again at most one chunk per
 * kill besides the retries the faults called for. The sizes are the fast part's unless
 * {@code -Dbotbuddy.chaos.full=true} ({@code scripts/chaos --full}).
 */
class ChaosTest {
    private static final LocalDate DATE = LocalDate.of(2030, 3, 3);
    private static final double FAULT_RATE = 0.1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static Plan plan;
    /** The uninterrupted export's reports, its listing requests and how its time splits between fetch and report. */
    private static Path referenceReports;
    private static long referenceRequests;
    private static long referenceFetchMs;
    private static long referenceReportMs;
    /** The import's input (an export's chats.csv) and the uninterrupted import's results. */
    private static Path importInput;
    private static Path referenceImport;
    private static List<String> importedUuids;

    @BeforeAll
    static void uninterruptedRuns() throws IOException {
        plan = Plan.fromProperties();
        Path logs = dir.resolve("reference-logs");
        try (SandboxServer api = sandbox(plan.exportChats(), plan.exportLatencyMs(), 0)) {
            Repo repo = Repo.h2(dir.resolve("reference-data"));
            Path out = dir.resolve("reference-reports");
            Result r = run(logs, "reference-export", repo, exportEnv(api), exportArgs(repo, out), List.of());
            assertEnded(r, 0);
            referenceReports = reportFolder(out, DATE);
            referenceRequests = api.stats().requests(SandboxStats.LISTING);
            referenceFetchMs = Chaos.stepMillis(r.stdout(), "fetchLeads") + Chaos.stepMillis(r.stdout(), "fetchNonLeads");
            referenceReportMs = Chaos.stepMillis(r.stdout(), "report");
        }
        importInput = referenceReports.resolve("chats.csv");
        if (plan.importRows() != plan.exportChats()) {
            try (SandboxServer api = sandbox(plan.importRows(), 0, 0)) {
                Repo repo = Repo.h2(dir.resolve("input-data"));
                Path out = dir.resolve("input-reports");
                Result r = run(logs, "input-export", repo, exportEnv(api), exportArgs(repo, out), List.of());
                assertEnded(r, 0);
                importInput = reportFolder(out, DATE).resolve("chats.csv");
            }
        }
        try (SandboxServer api = sandbox(plan.importRows(), plan.importLatencyMs(), 0)) {
            Repo repo = Repo.h2(dir.resolve("reference-import-data"));
            referenceImport = dir.resolve("reference-import");
            Result r = run(logs, "reference-import", repo, importEnv(api),
                    importArgs(repo, referenceImport), importJvm());
            assertEnded(r, 0);
            importedUuids = new ArrayList<>();
            for (String line : Files.readAllLines(referenceImport.resolve("results.csv"), StandardCharsets.UTF_8)
                    .subList(1, plan.importRows() + 1)) {
                importedUuids.add(line.split(",", -1)[1]);
            }
            assertThat(importedUuids).hasSize(plan.importRows()).doesNotHaveDuplicates();
        }
    }

    @Test
    void exportKilledAtRandomMomentsEndsWithTheReportsOfAnUninterruptedRun() throws IOException {
        exportKilled("export, kills", 0, plan.kills());
    }

    @Test
    void exportAgainstAnApiFailingOneAttemptInTenAndKilledEndsWithTheSameReports() throws IOException {
        exportKilled("export, faults 0.1 and kills", FAULT_RATE, plan.faultKills());
    }

    @Test
    void importKilledAtRandomMomentsSendsEveryRowAndAgainAtMostOneChunkPerKill() throws IOException {
        importKilled("import, kills", 0, plan.kills());
    }

    @Test
    void importAgainstAnApiFailingOneAttemptInTenAndKilledSendsEveryRowWithTheSameResults() throws IOException {
        importKilled("import, faults 0.1 and kills", FAULT_RATE, plan.faultKills());
    }

    private void exportKilled(String scenario, double faultRate, int kills) throws IOException {
        String name = scenario.replaceAll("[^a-z0-9]+", "-");
        try (SandboxServer api = sandbox(plan.exportChats(), plan.exportLatencyMs(), faultRate)) {
            Repo repo = Repo.h2(dir.resolve(name + "-data"));
            Path out = dir.resolve(name + "-reports");
            // each moment falls in the fetch (counted in listing requests) or in the report step (in time), as the
            // uninterrupted run's time splits between them
            double fetchShare = (double) referenceFetchMs / (referenceFetchMs + referenceReportMs);
            List<KillPoint> points = new ArrayList<>();
            for (double u : moments(plan.random(scenario), kills)) {
                points.add(u < fetchShare
                        ? atRequests(() -> api.stats().requests(SandboxStats.LISTING),
                                (long) Math.ceil(u / fetchShare * referenceRequests), "listing")
                        : inStep("report", (long) ((u - fetchShare) / (1 - fetchShare) * 0.9 * referenceReportMs)));
            }
            Survived s = runKilled(dir.resolve(name + "-logs"), name, repo, exportEnv(api),
                    exportArgs(repo, out), List.of(), points, plan.runTimeout());
            assertEnded(s.last(), 0);
            assertThat(s.kills()).as("kills that landed (%s) of %s", s.killedAt(), points.size())
                    .isGreaterThanOrEqualTo(Math.max(1, points.size() - 1));

            Path folder = reportFolder(out, DATE);
            assertSameReports(referenceReports, folder);
            assertSameRunJson(referenceReports, folder);
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")))
                        .as("temporary files left in %s", folder).isEmpty();
            }
            long reread = api.stats().requests(SandboxStats.LISTING) - referenceRequests;
            Chaos.report(scenario, s.kills(), faults(api), retries(api, SandboxStats.LISTING), 0,
                    Math.max(0, reread - retries(api, SandboxStats.LISTING)), ProcessTestSupport.CSVS.size() + 2);
        }
    }

    private void importKilled(String scenario, double faultRate, int kills) throws IOException {
        String name = scenario.replaceAll("[^a-z0-9]+", "-");
        try (SandboxServer api = sandbox(plan.importRows(), plan.importLatencyMs(), faultRate)) {
            Repo repo = Repo.h2(dir.resolve(name + "-data"));
            Path out = dir.resolve(name + "-out");
            List<KillPoint> points = new ArrayList<>();
            for (double u : moments(plan.random(scenario), kills)) {
                points.add(atRequests(() -> api.stats().requests(SandboxStats.UPDATE),
                        (long) Math.ceil(u * plan.importRows()), "update"));
            }
            Survived s = runKilled(dir.resolve(name + "-logs"), name, repo, importEnv(api),
                    importArgs(repo, out), importJvm(), points, plan.runTimeout());
            assertEnded(s.last(), 0);
            assertThat(s.kills()).as("kills that landed (%s) of %s", s.killedAt(), points.size())
                    .isEqualTo(points.size());

            long mismatch = Files.mismatch(referenceImport.resolve("results.csv"), out.resolve("results.csv"));
            assertThat(mismatch).as("results.csv differs from the uninterrupted import's at byte %d", mismatch)
                    .isEqualTo(-1L);
            assertThat(summaryWithoutDuration(out)).isEqualTo(summaryWithoutDuration(referenceImport));
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("what the import left in %s", out).containsExactlyInAnyOrder("results.csv", "summary.json");
            }

            SandboxStats stats = api.stats();
            for (String uuid : importedUuids) {
                assertThat(stats.appliedUpdates(uuid)).as("updates applied to %s", uuid).isPositive();
            }
            assertThat(stats.updateRequestsByUuid().keySet()).as("chats PUT").hasSize(plan.importRows());
            long retries = retries(api, SandboxStats.UPDATE);
            long resent = stats.requests(SandboxStats.UPDATE) - plan.importRows() - retries;
            // the chunk under way when killed is sent again; H2 loses no committed chunk (WRITE_DELAY=0)
            long bound = (long) s.kills() * plan.importChunk();
            assertThat(resent).as("rows PUT again after %d kills (retries %d aside): at most one chunk of %d each",
                    s.kills(), retries, plan.importChunk()).isBetween(0L, bound);
            Chaos.report(scenario, s.kills(), faults(api), retries, resent, 0, 2);
        }
    }

    /** A sandbox in this JVM (seeded from the plan), on a free port; slow answers shortened in the fast part. */
    private static SandboxServer sandbox(int chats, long latencyMs, double faultRate) {
        SandboxServer api = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(chats)
                .withSeed(plan.seed()).withLatencyMs(latencyMs).withFaultRate(faultRate));
        if (!plan.full()) {
            api.faultPlan().setSlowMillis(300);
        }
        return api;
    }

    /** Faults the sandbox injected (every kind but {@link Fault#NONE}). */
    private static long faults(SandboxServer api) {
        FaultPlan plan = api.faultPlan();
        long n = 0;
        for (Fault f : Fault.values()) {
            n += f == Fault.NONE ? 0 : plan.injected(f);
        }
        return n;
    }

    /** Attempts the client had to make again: answers other than 200, and 200s cut in half. */
    private static long retries(SandboxServer api, String endpoint) {
        SandboxStats stats = api.stats();
        return stats.requests(endpoint) - stats.count(endpoint, 200) + api.faultPlan().injected(Fault.TRUNCATED);
    }

    /**
     * The sandbox's address and read token, from the environment as an operator's cron sets them, so that
     * {@code restart ID} (which repeats no option it was not given) reaches the same sandbox.
     */
    private static Map<String, String> exportEnv(SandboxServer api) {
        return Map.of("BOTBUDDY_BASE_URL", api.baseUrl(), "BOTBUDDY_BOT_TOKEN", SandboxSettings.DEFAULT_BOT_TOKEN);
    }

    /** Both tokens: the import reads the live chats (the rows carry updated_at) before it sends. */
    private static Map<String, String> importEnv(SandboxServer api) {
        return Map.of("BOTBUDDY_BASE_URL", api.baseUrl(), "BOTBUDDY_BP_TOKEN", SandboxSettings.DEFAULT_BP_TOKEN,
                "BOTBUDDY_BOT_TOKEN", SandboxSettings.DEFAULT_BOT_TOKEN);
    }

    private static List<String> exportArgs(Repo repo, Path out) {
        return command(repo, "export", "--bot-id", SandboxSettings.DEFAULT_BOT_ID,
                "--customer-id", SandboxSettings.DEFAULT_CUSTOMER_ID, "--date", DATE.toString(), "--out",
                out.toString(), "--format", "csv,xlsx", "--concurrency", "2", "--progress-interval", "1s");
    }

    private static List<String> importArgs(Repo repo, Path out) {
        return command(repo, "import", importInput.toString(), "--bot-id",
                SandboxSettings.DEFAULT_BOT_ID, "--customer-id", SandboxSettings.DEFAULT_CUSTOMER_ID, "--out",
                out.toString(), "--concurrency", "4", "--progress-interval", "1s");
    }

    private static List<String> importJvm() {
        return List.of("-Dbotbuddy.import.send-chunk-size=" + plan.importChunk());
    }

    private static Result run(Path logs, String label, Repo repo, Map<String, String> env, List<String> args,
            List<String> jvm) {
        try (BotbuddyProcess p = BotbuddyProcess.start(logs, label, env, args, List.of(), jvm)) {
            return p.awaitExit(plan.runTimeout());
        }
    }

    /** run.json of both runs, but for the run facts: when, how long, which execution. */
    private static void assertSameRunJson(Path expected, Path actual) {
        assertThat(runJsonWithoutRunFacts(actual)).as("run.json of %s", actual)
                .isEqualTo(runJsonWithoutRunFacts(expected));
    }

    private static ObjectNode runJsonWithoutRunFacts(Path folder) {
        ObjectNode node = (ObjectNode) JSON.readTree(folder.resolve("run.json").toFile());
        node.remove(List.of("runStartedAt", "durationMs", "jobExecutionId"));
        return node;
    }

    private static ObjectNode summaryWithoutDuration(Path folder) {
        ObjectNode node = (ObjectNode) JSON.readTree(folder.resolve("summary.json").toFile());
        node.remove("durationMs");
        return node;
    }
}
