package com.botbuddy.batch.ops;

import static com.botbuddy.batch.ops.ProcessTestSupport.assertSameReports;
import static com.botbuddy.batch.ops.ProcessTestSupport.reportFolder;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.opencsv.CSVReader;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many processes on one {@code BOTBUDDY_HOME} (the embedded H2 job repository) never break each other (issue 17):
 * two exports of different instances and an import run at once against one slow sandbox, while a loop calls
 * {@code jobs --json} 0.2 s after the previous call ended and {@code stop ID} / {@code restart ID} come at random
 * moments. Every command exits as the README says (jobs and stop 0, a stopped run 1 with its restart command, the
 * last restart 0), no output holds a stack trace, every job completes, the exports' reports equal those of
 * uninterrupted runs of the same exports in homes of their own, and the import updated every row.
 *
 * <p>The random moments come from a {@link Random} whose seed is printed; {@code -Dbotbuddy.test.seed=N} repeats
 * the draws (the processes' own timing still varies). Everything is observed through the command line
 * ({@code jobs --json}, exit codes, output, report files): the test never opens the job repository itself. On
 * failure the children's output stays in the printed folder.
 */
class ConcurrentProcessesTest {
    /** Per API answer. An export (61 pages, one in flight) fetches for about 20 s. */
    static final int LATENCY_MS = 300;
    /** The import's 3000 PUTs, 40 in flight in chunks of 160 (19 chunks of 4 rounds): about 25 s of sending. */
    static final int IMPORT_CONCURRENCY = 40;
    static final int IMPORT_CHUNK = 160;
    /**
     * A job's first launch and its restarts, at most: with at most two stops a job needs three; one more, and then
     * a job that keeps failing is given up rather than run again and again.
     */
    static final int MAX_LAUNCHES = 4;
    /**
     * The chaos part at most, a safety net. Its floor is the exports' fetch (about 20 s) plus a restart or two; on
     * PostgreSQL, where it passes today, it took 91-95 s on 2 cores shared with other work (load 8-14: each
     * 'jobs --json' took 4-33 s there), so the bound leaves room for a slower machine, not for a hang.
     */
    static final Duration DEADLINE = Duration.ofSeconds(150);
    static final long JOBS_PAUSE_MS = 200;
    /** A stop comes this long after the run announced its execution id, drawn uniformly. */
    static final int STOP_DELAY_MIN_MS = 500;
    static final int STOP_DELAY_MAX_MS = 12_000;
    /** A restart comes this long after the stopped process ended, drawn uniformly. */
    static final int RESTART_DELAY_MAX_MS = 3_000;
    static final Pattern STACK_TRACE = Pattern.compile("Exception|\\bat com\\.|\\tat ");
    static final String BOT = SandboxSettings.DEFAULT_BOT_ID;
    static final String CUSTOMER = SandboxSettings.DEFAULT_CUSTOMER_ID;
    /**
     * Export B's bot: a bot of its own, so that its lead history (kept per bot) holds its own dates only, as in its
     * reference run, whichever of the two exports records first.
     */
    static final String BOT_B = "demo-bot-b";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private Random random;
    private Path logs;
    private Repo repo;
    private SandboxServer api;
    private Map<String, String> env;

    @Test
    void twoExportsAndAnImportOnOneHomeSurviveAJobsLoopAndRandomStopsAndRestarts() throws Exception {
        long seed = Long.getLong("botbuddy.test.seed", new Random().nextLong());
        String rerun = "seed " + seed + " (repeat with -Dbotbuddy.test.seed=" + seed + "); children's output in " + dir;
        System.out.println("ConcurrentProcessesTest: " + rerun);
        random = new Random(seed);
        logs = dir.resolve("logs");
        // a control: -Dbotbuddy.test.repository=postgres runs the same on the local PostgreSQL (skipped if it does
        // not answer), whose instances outlive the test: dates of their own, and --force for the same import file
        boolean postgres = "postgres".equals(System.getProperty("botbuddy.test.repository"));
        repo = postgres ? Repo.postgres() : Repo.h2(dir.resolve("home"));
        LocalDate dateA = postgres ? LocalDate.of(2200, 1, 1).plusDays(System.currentTimeMillis() / 1000 % 1_000_000 * 2)
                : LocalDate.of(2032, 2, 1);
        LocalDate dateB = dateA.plusDays(1);

        // one data set, anchored once: the slow API the chaos runs against and a quick one for the reference runs
        SandboxSettings data = SandboxSettings.forTests().withChats(ProcessTestSupport.CHATS)
                .withNow(SandboxSettings.startOfTodayUtc());
        try (SandboxServer quick = SandboxServer.start(data);
                SandboxServer slow = SandboxServer.start(data.withLatencyMs(LATENCY_MS))) {
            api = slow;
            env = new LinkedHashMap<>(repo.env());
            env.put("BOTBUDDY_BOT_TOKEN", data.botToken());
            env.put("BOTBUDDY_BP_TOKEN", data.bpToken());
            env.put("BOTBUDDY_IMPORT_SEND_CHUNK_SIZE", String.valueOf(IMPORT_CHUNK));

            // first, uninterrupted runs of the same two exports, each in an H2 home of its own (together: the
            // machine's two cores are better spent on them before the chaos than during it); export A's chats.csv
            // is the import's input
            long referencesStarted = System.nanoTime();
            Path refA = dir.resolve("ref-a");
            Path refB = dir.resolve("ref-b");
            try (BotbuddyProcess referenceA = BotbuddyProcess.start(logs, "reference-a", env,
                    export(BOT, quick.baseUrl(), dateA, refA.resolve("reports"), refA.resolve("home")));
                    BotbuddyProcess referenceB = BotbuddyProcess.start(logs, "reference-b", env,
                            export(BOT_B, quick.baseUrl(), dateB, refB.resolve("reports"), refB.resolve("home")))) {
                for (BotbuddyProcess reference : List.of(referenceA, referenceB)) {
                    Result r = reference.awaitExit(BotbuddyProcess.TIMEOUT);
                    assertThat(r.exitCode()).as("an uninterrupted run\n%s", r.output()).isZero();
                }
            }
            System.out.printf("ConcurrentProcessesTest: reference runs took %.1f s%n",
                    ProcessTestSupport.since(referencesStarted).toMillis() / 1e3);
            Path chatsCsv = reportFolder(refA.resolve("reports"), dateA).resolve("chats.csv");
            Path importOut = dir.resolve("import-results");

            Job exportA = new Job("export-a", export(BOT, api.baseUrl(), dateA, dir.resolve("out-a"), null));
            Job exportB = new Job("export-b", export(BOT_B, api.baseUrl(), dateB, dir.resolve("out-b"), null));
            Job imports = new Job("import", importCommand(chatsCsv, importOut, postgres));
            List<Job> jobs = List.of(exportA, exportB, imports);

            AtomicBoolean finished = new AtomicBoolean();
            AtomicInteger jobsCalls = new AtomicInteger();
            Thread jobsLoop = new Thread(() -> jobsLoop(finished, jobsCalls), "jobs-json-loop");
            ExecutorService stops = Executors.newCachedThreadPool();
            List<CompletableFuture<Void>> stopChecks = new ArrayList<>();
            long started = System.nanoTime();
            jobsLoop.start();
            try {
                while (!jobs.stream().allMatch(Job::over)) {
                    if (ProcessTestSupport.since(started).compareTo(DEADLINE) > 0) {
                        jobs.stream().filter(j -> !j.over()).forEach(j -> violations.add(j.name + " did not complete"
                                + " within " + DEADLINE + " (" + j.launches + " launches)"
                                + (j.process == null ? "" : "\n" + excerpt(j.process.label(), "still running",
                                        j.process.stdout(), j.process.stderr()))));
                        break;
                    }
                    for (Job job : jobs) {
                        step(job, stops, stopChecks);
                    }
                    BotbuddyProcess.sleep(100);
                }
            } finally {
                finished.set(true);
                jobs.forEach(Job::close);
                jobsLoop.join(TimeUnit.SECONDS.toMillis(70));
                CompletableFuture.allOf(stopChecks.toArray(CompletableFuture[]::new)).get(70, TimeUnit.SECONDS);
                stops.shutdown();
            }
            System.out.printf("ConcurrentProcessesTest: chaos over after %.1f s: %d jobs --json calls; %s%n",
                    ProcessTestSupport.since(started).toMillis() / 1e3, jobsCalls.get(),
                    jobs.stream().map(j -> j.name + ": " + j.launches + " launches, executions " + j.executions
                            + ", stop asked for " + j.stopsAsked).toList());

            // the repository's own account, read through the command line once nothing runs any more
            Result last = BotbuddyProcess.run(logs, "jobs-json-final", env, jobsJsonArgs());
            judge(last);
            if (last.exitCode() != 0) {
                violations.add(last.label() + " exited " + last.exitCode() + " (expected 0)\n" + excerpt(last));
            }
            JsonNode listing = parseArray(last);

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(violations).as("commands that did not behave as the README says; %s", rerun).isEmpty();
            for (Job job : jobs) {
                softly.assertThat(job.completed).as("%s completed (exit 0) after its restarts; %s", job.name, rerun)
                        .isTrue();
            }
            softly.check(() -> assertSameReports(reportFolder(refA.resolve("reports"), dateA),
                    reportFolder(dir.resolve("out-a"), dateA)));
            softly.check(() -> assertSameReports(
                    refB.resolve("reports").resolve(CUSTOMER).resolve(BOT_B).resolve(dateB.toString()),
                    dir.resolve("out-b").resolve(CUSTOMER).resolve(BOT_B).resolve(dateB.toString())));
            softly.check(() -> assertEveryRowUpdated(chatsCsv, importOut.resolve("results.csv")));
            softly.assertThat(api.data().updatedCount()).as("chats the import changed (it sends their own values)")
                    .isZero();
            softly.check(() -> assertListingAccountsForEveryExecution(listing, jobs, last));
            softly.assertAll();
        }
    }

    /** A job (an export or the import) and the processes that run it: its first launch, then its restarts. */
    private static final class Job {
        final String name;
        final List<String> command;
        final List<Long> executions = new ArrayList<>();
        final Set<Long> stopsAsked = new HashSet<>();
        long launchAt = System.nanoTime();
        int launches;
        int stopsLeft = -1;
        long stopAt = -1;
        BotbuddyProcess process;
        boolean completed;
        boolean givenUp;

        Job(String name, List<String> command) {
            this.name = name;
            this.command = command;
        }

        boolean over() {
            return completed || givenUp;
        }

        long executionId() {
            return executions.isEmpty() ? -1 : executions.get(executions.size() - 1);
        }

        void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    /** One look at a job: notes its execution id, asks for a stop when due, judges an ended process, (re)launches. */
    private void step(Job job, ExecutorService stops, List<CompletableFuture<Void>> stopChecks) {
        if (job.over()) {
            return;
        }
        long now = System.nanoTime();
        if (job.process != null) {
            noteExecutionIds(job, job.process.stdout());
            if (job.process.isAlive()) {
                if (job.stopAt > 0 && now >= job.stopAt) {
                    long id = job.executionId();
                    job.stopAt = -1;
                    job.stopsLeft--;
                    job.stopsAsked.add(id);
                    String label = job.name + "-stop-" + id;
                    stopChecks.add(CompletableFuture.runAsync(() -> stop(label, id), stops));
                }
                return;
            }
            Result ended = job.process.awaitExit(Duration.ofSeconds(10));
            job.process.close();
            job.process = null;
            judge(ended);
            noteExecutionIds(job, ended.stdout());
            long id = job.executionId();
            if (ended.exitCode() == 0) {
                job.completed = true;
                return;
            }
            boolean stoppedAsAsked = ended.exitCode() == 1 && job.stopsAsked.contains(id)
                    && ended.stderr().contains("execution " + id + " stopped; resume it with: scripts/botbuddy restart "
                            + id);
            if (!stoppedAsAsked) {
                violations.add(ended.label() + " exited " + ended.exitCode() + " (expected 0, or 1 saying it stopped"
                        + " after a stop was asked)\n" + excerpt(ended));
            }
            if (job.launches >= MAX_LAUNCHES) {
                job.givenUp = true;
                violations.add(job.name + " given up after " + job.launches + " launches");
                return;
            }
            job.launchAt = now + TimeUnit.MILLISECONDS.toNanos(random.nextInt(RESTART_DELAY_MAX_MS + 1));
            return;
        }
        if (now < job.launchAt) {
            return;
        }
        job.launches++;
        long id = job.executionId();
        // until a run has announced its execution, the command itself again (it resumes a failed run as well)
        List<String> args = id < 0 ? job.command
                : ProcessTestSupport.command(repo, "restart", String.valueOf(id), "--base-url", api.baseUrl());
        job.process = BotbuddyProcess.start(logs, job.name + "-" + job.launches + (id < 0 ? "" : "-restart-" + id),
                env, args);
        if (job.stopsLeft < 0) {
            job.stopsLeft = 1 + random.nextInt(2);
        }
    }

    private void noteExecutionIds(Job job, String stdout) {
        for (long id : BotbuddyProcess.executionIds(stdout)) {
            if (!job.executions.contains(id)) {
                job.executions.add(id);
                if (job.stopsLeft > 0) {
                    job.stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                            STOP_DELAY_MIN_MS + random.nextInt(STOP_DELAY_MAX_MS - STOP_DELAY_MIN_MS + 1));
                }
            }
        }
    }

    /** {@code stop ID}: exit 0, whether the run was still going or had just ended. */
    private void stop(String label, long id) {
        try {
            Result stop = BotbuddyProcess.run(logs, label, env, ProcessTestSupport.command(repo, "stop",
                    String.valueOf(id)));
            judge(stop);
            if (stop.exitCode() != 0) {
                violations.add(label + " exited " + stop.exitCode() + " (expected 0)\n" + excerpt(stop));
            } else if (!stop.stdout().contains("stop requested for execution " + id)
                    && !stop.stdout().contains("execution " + id + " is not running")) {
                violations.add(label + " neither asked execution " + id + " to stop nor said it was not running\n"
                        + excerpt(stop));
            }
        } catch (Throwable e) {
            violations.add(label + ": " + e.getMessage());
        }
    }

    /** {@code jobs --json} until the chaos is over, each call 0.2 s after the previous one ended. */
    private void jobsLoop(AtomicBoolean finished, AtomicInteger calls) {
        while (!finished.get()) {
            String label = "jobs-json-" + calls.incrementAndGet();
            try {
                Result r = BotbuddyProcess.run(logs, label, env, jobsJsonArgs());
                judge(r);
                if (r.exitCode() != 0) {
                    violations.add(label + " exited " + r.exitCode() + " (expected 0)\n" + excerpt(r));
                } else {
                    parseArray(r);
                }
            } catch (Throwable e) {
                violations.add(label + ": " + e.getMessage());
            }
            BotbuddyProcess.sleep(JOBS_PAUSE_MS);
        }
    }

    private List<String> jobsJsonArgs() {
        return ProcessTestSupport.command(repo, "jobs", "--json", "--last", "500");
    }

    /** The output's JSON array; a violation (and an empty array) when it is not one. */
    private JsonNode parseArray(Result r) {
        try {
            JsonNode node = JsonMapper.builder().build().readTree(r.stdout());
            if (node != null && node.isArray()) {
                return node;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        violations.add(r.label() + " did not print a JSON array\n" + excerpt(r));
        return JsonMapper.builder().build().createArrayNode();
    }

    /** Every process's output: no stack trace, ever (the first such line is quoted). */
    private void judge(Result r) {
        for (String output : List.of(r.stdout(), r.stderr())) {
            for (String line : output.split("\n")) {
                if (STACK_TRACE.matcher(line).find()) {
                    violations.add(r.label() + " (exit " + r.exitCode() + ") printed a stack trace or an exception's"
                            + " name: " + line.strip());
                    return;
                }
            }
        }
    }

    /**
     * {@code jobs --json} after the chaos: it lists exactly the executions the jobs' processes announced, each job's
     * last COMPLETED and those before it STOPPED (each was asked to stop): none FAILED, none left running.
     */
    private void assertListingAccountsForEveryExecution(JsonNode listing, List<Job> jobs, Result r) {
        Map<Long, String> statuses = new LinkedHashMap<>();
        for (JsonNode e : listing) {
            if (e.get("parameters").toString().contains(dir.toString())) { // this test's: a PostgreSQL holds others
                statuses.put(e.get("id").asLong(), e.get("status").asString());
            }
        }
        SoftAssertions softly = new SoftAssertions();
        Set<Long> announced = new HashSet<>();
        for (Job job : jobs) {
            announced.addAll(job.executions);
            for (long id : job.executions) {
                String expected = id == job.executionId() && job.completed ? "COMPLETED" : "STOPPED";
                softly.assertThat(statuses.get(id)).as("%s execution %d in jobs --json (of %s: %s)", job.name, id,
                        r.label(), statuses).isEqualTo(expected);
            }
        }
        softly.assertThat(statuses.keySet()).as("executions in jobs --json against those the processes announced")
                .containsExactlyInAnyOrderElementsOf(announced);
        softly.assertAll();
    }

    /** results.csv holds every data row of the imported file, each {@code updated}. */
    private static void assertEveryRowUpdated(Path input, Path resultsCsv) throws Exception {
        int inputRows = csv(input).size() - 1;
        List<String[]> rows = csv(resultsCsv);
        assertThat(rows.get(0)).as("results.csv header").containsExactly("row", "uuid", "outcome", "http_status",
                "reason");
        List<String[]> body = rows.subList(1, rows.size());
        assertThat(body).as("results.csv rows against the %d of %s", inputRows, input).hasSize(inputRows);
        assertThat(body.stream().filter(row -> !row[2].equals("updated")).map(row -> String.join(" | ", row))
                .limit(20).toList()).as("rows of %s not updated", resultsCsv).isEmpty();
    }

    private static List<String[]> csv(Path file) throws Exception {
        assertThat(file).as("%s was written", file).isRegularFile();
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
        try (CSVReader reader = new CSVReader(new StringReader(text))) {
            return reader.readAll();
        }
    }

    /** An export of the sandbox's data against {@code baseUrl}, CSVs and workbook, one page in flight. */
    private List<String> export(String bot, String baseUrl, LocalDate date, Path out, Path home) {
        List<String> args = new ArrayList<>(List.of("export", "--bot-id", bot, "--customer-id", CUSTOMER,
                "--base-url", baseUrl, "--date", date.toString(), "--out", out.toString(), "--format", "csv,xlsx",
                "--concurrency", "1", "--progress-interval", "1s"));
        args.addAll(home == null ? repo.args() : List.of("--home", home.toString()));
        return args;
    }

    private List<String> importCommand(Path file, Path out, boolean force) {
        List<String> args = new ArrayList<>(List.of("import", file.toString(), "--bot-id", BOT, "--customer-id",
                CUSTOMER, "--base-url", api.baseUrl(), "--out", out.toString(), "--concurrency",
                String.valueOf(IMPORT_CONCURRENCY), "--progress-interval", "1s"));
        if (force) {
            args.add("--force");
        }
        args.addAll(repo.args());
        return args;
    }

    /**
     * What a violation quotes of an output: stdout's first line (the execution and its parameters) and last lines
     * (how it ended), stderr's first lines (the error, or the top of a stack trace), and where the rest is.
     */
    private String excerpt(Result r) {
        return excerpt(r.label(), "exit " + r.exitCode(), r.stdout(), r.stderr());
    }

    private String excerpt(String label, String state, String stdout, String stderr) {
        StringBuilder text = new StringBuilder("--- ").append(label).append(' ').append(state).append(" (in full: ")
                .append(logs.resolve(label + ".out")).append(", .err)\n");
        List<String> out = stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        for (int i = 0; i < out.size(); i++) {
            if (i == 0 || i >= out.size() - 6) {
                text.append("out: ").append(out.get(i)).append('\n');
            } else if (i == 1) {
                text.append("out: [").append(out.size() - 7).append(" lines]\n");
            }
        }
        List<String> err = stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        err.stream().limit(12).forEach(line -> text.append("err: ").append(line).append('\n'));
        if (err.size() > 12) {
            text.append("err: [").append(err.size() - 12).append(" more lines]\n");
        }
        return text.toString();
    }
}
