package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import com.botbuddy.batch.PostgresSchemaForTests;
import com.botbuddy.batch.sandbox.SandboxPair;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scale-out (issue 18): a manager and worker JVMs on the local RabbitMQ and PostgreSQL export many bots with the
 * reports of a single process, survive a worker killed mid-partition and a broker restart, and, when no worker is
 * left, end restartable after {@code --lost-after}, the restart running only the unfinished partitions. Each test
 * has a schema and a queue of its own. Skipped with the reason where RabbitMQ or PostgreSQL does not answer.
 */
class ScaleOutTest {
    static final int BOTS = 20;
    static final int CHATS = 300;
    static final LocalDate DATE = LocalDate.of(2031, 5, 6);
    static final Pattern PARTITION_STARTED = Pattern.compile("partition (t\\d+\\.\\S+) of execution \\d+: started");
    /** Every answer 40 ms late: a partition (3 to 4 pages, 2 at a time) lasts long enough to be killed in. */
    static final SandboxServer API = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(CHATS)
            .withLatencyMs(40));

    @TempDir
    Path dir;
    @TempDir
    static Path shared;
    private static final Map<Integer, BotbuddyProcess> REFERENCES = new java.util.HashMap<>();

    private PostgresSchemaForTests schema;
    /** Bots of the test's runs: twenty for the run over three workers, fewer where a test is about one event. */
    private int bots = BOTS;
    private final List<BotbuddyProcess> children = new ArrayList<>();
    private Map<String, String> env;

    @AfterAll
    static void stopApiAndReferences() {
        REFERENCES.values().forEach(BotbuddyProcess::close);
        API.close();
    }

    @BeforeEach
    void brokerAndRepository() {
        String problem = null;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (IOException e) {
            problem = e.getMessage();
        }
        Assumptions.assumeTrue(problem == null, "RabbitMQ at 127.0.0.1:5672 does not answer: " + problem);
        schema = PostgresSchemaForTests.create("scaleout");
        env = new LinkedHashMap<>();
        env.put("BOTBUDDY_REPOSITORY_URL", PostgresSchemaForTests.URL + "?currentSchema=" + schema.name());
        env.put("BOTBUDDY_REPOSITORY_USER", "postgres");
        env.put("BOTBUDDY_BASE_URL", API.baseUrl());
        env.put("BOTBUDDY_BOT_TOKEN", API.settings().botToken());
        env.put("BOTBUDDY_BROKER_QUEUE", "botbuddy.test." + schema.name()); // no other run's workers take ours
    }

    @AfterEach
    void cleanUp() {
        children.forEach(BotbuddyProcess::close);
        if (env != null) {
            CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", 5672);
            try {
                new RabbitAdmin(broker).deleteQueue(env.get("BOTBUDDY_BROKER_QUEUE"));
            } finally {
                broker.destroy();
            }
        }
        if (schema != null) {
            schema.close();
        }
    }

    private static String targets(int n) {
        return String.join(",", SandboxPair.firstGenerated(n).stream().map(p -> p.botId() + "/" + p.customerId()).toList());
    }

    private BotbuddyProcess start(String label, Map<String, String> environment, String... args) {
        BotbuddyProcess p = BotbuddyProcess.start(dir.resolve("logs"), label, environment, List.of(args));
        children.add(p);
        return p;
    }

    private BotbuddyProcess worker(String label) {
        return start(label, env, "worker");
    }

    private BotbuddyProcess manager(String label, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("export", "--remote", "--targets", targets(bots), "--date",
                DATE.toString(), "--out", out.toString(), "--concurrency", "2", "--progress-interval", "1s"));
        args.addAll(List.of(more));
        return start(label, env, args.toArray(String[]::new));
    }

    /**
     * The same targets exported by one process with the embedded repository (a local run of a job file), started
     * once per number of bots for the whole class, beside the first test's remote run.
     */
    private Path reference() throws IOException {
        synchronized (REFERENCES) {
            Path out = shared.resolve("reference-" + bots);
            if (!REFERENCES.containsKey(bots)) {
                Path jobFile = shared.resolve("reference-" + bots + ".properties");
                Files.writeString(jobFile, "job=export\ntargets=" + targets(bots) + "\ndate=" + DATE + "\nout=" + out
                        + "\nconcurrency=2\nrestart-failed=false\n");
                Map<String, String> local = new LinkedHashMap<>();
                local.put("BOTBUDDY_BASE_URL", API.baseUrl());
                local.put("BOTBUDDY_BOT_TOKEN", API.settings().botToken());
                local.put("BOTBUDDY_HOME", shared.resolve("reference-home-" + bots).toString());
                REFERENCES.put(bots, BotbuddyProcess.start(shared.resolve("logs"), "reference-" + bots, local,
                        List.of("run", jobFile.toString())));
            }
            return out;
        }
    }

    /** The reference's reports, once its run has ended. */
    private Path awaitReference() {
        BotbuddyProcess.Result r = REFERENCES.get(bots).awaitExit(Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return shared.resolve("reference-" + bots);
    }

    private void assertSameReportsForEveryTarget(Path expected, Path actual) throws IOException {
        for (SandboxPair pair : SandboxPair.firstGenerated(bots)) {
            Path folder = Path.of(pair.customerId(), pair.botId(), DATE.toString());
            ProcessTestSupport.assertSameReports(expected.resolve(folder), actual.resolve(folder));
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = schema.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertNoStackTrace(BotbuddyProcess.Result r) {
        assertThat(r.output()).as("%s's output", r.label()).doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void threeWorkersExportTwentyBotsAsOneProcessDoesAndAWorkerKilledMidPartitionLosesNothing() throws Exception {
        reference();
        BotbuddyProcess w1 = worker("worker-1");
        worker("worker-2");
        worker("worker-3");
        BotbuddyProcess manager = manager("manager", dir.resolve("remote"));

        w1.awaitStdout(PARTITION_STARTED, Duration.ofSeconds(60));
        BotbuddyProcess.sleep(150); // mid-partition: it has requested pages, perhaps committed some
        w1.kill();
        BotbuddyProcess.Result run = manager.awaitExit(Duration.ofSeconds(120));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertNoStackTrace(run);
        assertThat(run.stdout()).contains("execution 1 completed");
        assertSameReportsForEveryTarget(awaitReference(), dir.resolve("remote"));
        assertThat(count("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'fetchPartition:%'"
                + " AND STATUS = 'COMPLETED'")).as("one partition per target and listing, each completed once")
                .isEqualTo(2L * bots);
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + schema.name()
                + "' AND table_name LIKE 'bb_export_%'")).as("staging dropped").isZero();
    }

    @Test
    void withNoWorkerLeftTheRunFailsAfterLostAfterAndARestartRunsOnlyTheUnfinishedPartitions() throws Exception {
        bots = 8;
        reference();
        BotbuddyProcess only = worker("worker-1");
        BotbuddyProcess manager = manager("manager", dir.resolve("remote"), "--lost-after", "3s");
        // its status STARTED and its last update before the kill: the rule for a lost worker, not for no worker
        only.awaitStdout(Pattern.compile("step fetchPartition:t3\\.\\S+ started"), Duration.ofSeconds(90));
        only.kill();
        BotbuddyProcess.Result failed = manager.awaitExit(Duration.ofSeconds(60));

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertNoStackTrace(failed);
        assertThat(failed.output()).contains("scripts/botbuddy restart 1").contains("lost: its worker committed nothing for 3.0 s").contains("partitions did not complete: ")
                .contains("not run: no worker took requests");
        long completedBefore = count("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = 1"
                + " AND STEP_NAME LIKE 'fetchPartition:%' AND STATUS = 'COMPLETED'");
        assertThat(completedBefore).isLessThan(2L * bots);
        JsonNode progress = jobsJson("jobs-after-failure").get(0).get("targets");
        assertThat(progress).as("per-target progress of the one execution").hasSize(bots);
        assertThat(sum(progress, "completed")).isEqualTo(completedBefore);
        assertThat(sum(progress, "failed")).isEqualTo(2L * bots - completedBefore);
        assertThat(progress.get(0).get("label").asString()).isEqualTo("demo-bot/demo-customer");

        worker("worker-2");
        worker("worker-3");
        BotbuddyProcess.Result restart = start("restart", env, "restart", "1").awaitExit(Duration.ofSeconds(120));

        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertNoStackTrace(restart);
        assertThat(count("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = 2"
                + " AND STEP_NAME LIKE 'fetchPartition:%'")).as("the restart's partitions: the unfinished ones only")
                .isEqualTo(2L * bots - completedBefore);
        JsonNode done = jobsJson("jobs-after-restart").get(0);
        assertThat(done.get("id").asLong()).isEqualTo(2);
        assertThat(sum(done.get("targets"), "completed")).as("the restart counts what the first run completed")
                .isEqualTo(2L * bots);
        assertThat(done.get("targets").findValuesAsString("reports")).containsOnly("COMPLETED");
        assertSameReportsForEveryTarget(awaitReference(), dir.resolve("remote"));
    }

    private JsonNode jobsJson(String label) {
        BotbuddyProcess.Result r = start(label, env, "jobs", "--json").awaitExit(Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return JsonMapper.builder().build().readTree(r.stdout());
    }

    private static long sum(JsonNode targets, String field) {
        long n = 0;
        for (JsonNode t : targets) {
            n += t.get(field).asLong();
        }
        return n;
    }

    @Test
    void aWorkerAskedToEndStopsItsPartitionAfterItsChunkExitsZeroAndTheRestartFinishesTheRun() throws Exception {
        bots = 8;
        reference();
        BotbuddyProcess only = worker("worker-1");
        BotbuddyProcess manager = manager("manager", dir.resolve("remote"), "--lost-after", "3s");
        only.awaitStdout(Pattern.compile("step fetchPartition:t2\\.\\S+ started"), Duration.ofSeconds(90));
        only.terminate();
        BotbuddyProcess.Result ended = only.awaitExit(Duration.ofSeconds(30));

        assertThat(ended.exitCode()).as(ended.output()).isZero();
        assertThat(ended.output()).contains("the worker ends after its current chunk").contains("stopping after its current chunk")
                .containsPattern("partition t2\\.\\S+ of execution 1: STOPPED");
        BotbuddyProcess.Result stopped = manager.awaitExit(Duration.ofSeconds(60));
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
        assertThat(stopped.stderr()).containsPattern("t2\\.\\S+ STOPPED").contains("scripts/botbuddy restart 1");

        worker("worker-2");
        BotbuddyProcess.Result restart = start("restart", env, "restart", "1").awaitExit(Duration.ofSeconds(120));
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertSameReportsForEveryTarget(awaitReference(), dir.resolve("remote"));
    }

    @Test
    void aTokenTheApiRefusesToTheWorkersEndsTheRunAsALocalExportWouldWithExit3() throws Exception {
        Map<String, String> wrongToken = new LinkedHashMap<>(env);
        wrongToken.put("BOTBUDDY_BOT_TOKEN", "not-the-token");
        start("worker-1", wrongToken, "worker");
        BotbuddyProcess.Result run = start("manager", env, "export", "--remote", "--bot-id", "demo-bot-2",
                "--customer-id", "demo-customer", "--date", DATE.toString(), "--out", dir.resolve("out").toString())
                .awaitExit(Duration.ofSeconds(90));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertNoStackTrace(run);
        assertThat(run.stderr()).contains("the API refused the token").contains("2 of 2 partitions did not complete")
                .doesNotContain("not-the-token");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /**
     * The broker stops and starts again mid-run ({@code rabbitmqctl stop_app}, {@code start_app}): the requests wait on
     * the durable queue, the workers reconnect, and the run completes, or ends restartable and its restart does.
     */
    @Test
    void aBrokerRestartMidRunIsSurvivedOrEndsInARestartableFailure() throws Exception {
        bots = 8;
        Assumptions.assumeTrue(rabbitmqctl("status") == 0, "rabbitmqctl cannot control the local RabbitMQ");
        reference();
        BotbuddyProcess w1 = worker("worker-1");
        worker("worker-2");
        BotbuddyProcess manager = manager("manager", dir.resolve("remote"));
        w1.awaitStdout(PARTITION_STARTED, Duration.ofSeconds(60));
        try {
            assertThat(rabbitmqctl("stop_app")).isZero();
            BotbuddyProcess.sleep(1_000);
        } finally {
            assertThat(rabbitmqctl("start_app")).isZero();
        }
        BotbuddyProcess.Result run = manager.awaitExit(Duration.ofSeconds(120));

        assertNoStackTrace(run);
        System.out.println("ScaleOutTest: after the broker restart the run ended with exit " + run.exitCode());
        if (run.exitCode() != 0) {
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.stderr()).contains("scripts/botbuddy restart 1");
            BotbuddyProcess.Result restart = start("restart", env, "restart", "1").awaitExit(Duration.ofSeconds(120));
            assertThat(restart.exitCode()).as(restart.output()).isZero();
        }
        assertSameReportsForEveryTarget(awaitReference(), dir.resolve("remote"));
        assertThat(w1.isAlive()).as("a worker outlives a broker restart").isTrue();
    }

    private static int rabbitmqctl(String command) {
        try {
            Process p = new ProcessBuilder("rabbitmqctl", "-q", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
