package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;

/**
 * The machinery of the fault runs ({@code ChaosTest}, {@code RevokedTokenAndFullDiskTest}, {@code scripts/chaos}):
 * the plan (seed and sizes, from system properties), kill points drawn from the seed, the loop that kills a child
 * with SIGKILL at each point and restarts it until it ends by itself, and the summary lines the script adds up.
 *
 * <p>System properties: {@value #SEED} (default: a random seed, printed), {@value #FULL} ({@code true}: the issue's
 * sizes), {@value #SUMMARY} (a file each scenario appends its tab-separated line to).
 */
final class Chaos {
    static final String SEED = "botbuddy.chaos.seed";
    static final String FULL = "botbuddy.chaos.full";
    static final String SUMMARY = "botbuddy.chaos.summary";
    private static final Pattern STEP_DURATION = Pattern.compile(
            "step (\\w+) COMPLETED: .* in (?:(\\d+) min (\\d+) s|([0-9.]+) s|(\\d+) ms)");

    private Chaos() {
    }

    /**
     * One chaos run's seed and sizes.
     *
     * @param kills        SIGKILLs per run without faults
     * @param faultKills   SIGKILLs per run against the faulty sandbox
     * @param importChunk  rows per sendUpdates chunk (the bound on rows re-sent after a kill)
     * @param runTimeout   the longest one child may run
     */
    record Plan(long seed, boolean full, int exportChats, int importRows, int kills, int faultKills,
            long exportLatencyMs, long importLatencyMs, int importChunk, Duration runTimeout) {

        /** The fast part by default (CI), the sizes with {@code -Dbotbuddy.chaos.full=true}. */
        static Plan fromProperties() {
            String given = System.getProperty(SEED, "");
            long seed = given.isBlank() ? new Random().nextInt(1_000_000) : Long.parseLong(given.trim());
            boolean full = Boolean.parseBoolean(System.getProperty(FULL, "false"));
            Plan plan = full
                    ? new Plan(seed, true, 50_000, 20_000, 10, 10, 5, 5, 500, Duration.ofMinutes(15))
                    : new Plan(seed, false, 600, 600, 2, 1, 60, 15, 100, Duration.ofMinutes(2));
            System.out.println("chaos: seed " + seed + " (replay with --seed " + seed + ")"
                    + (full ? " --full" : "") + ": " + plan);
            return plan;
        }

        /** A random source for one scenario: the same seed and scenario always draw the same moments. */
        Random random(String scenario) {
            return new Random(seed * 31 + scenario.hashCode());
        }
    }

    /** A moment to kill at, checked every 10 ms while the child runs. */
    interface KillPoint {
        boolean reached(BotbuddyProcess child);

        String describe();
    }

    /** Kills once {@code counter} (requests the sandbox received, over all runs) reaches {@code at}. */
    static KillPoint atRequests(LongSupplier counter, long at, String what) {
        return new KillPoint() {
            @Override
            public boolean reached(BotbuddyProcess child) {
                return counter.getAsLong() >= at;
            }

            @Override
            public String describe() {
                return "at " + what + " request " + at;
            }
        };
    }

    /** Kills {@code delayMs} after the child logs {@code step STEP started}. */
    static KillPoint inStep(String step, long delayMs) {
        return new KillPoint() {
            private BotbuddyProcess seenIn;
            private long seenAt;

            @Override
            public boolean reached(BotbuddyProcess child) {
                if (seenIn != child) {
                    if (!child.stdout().contains("step " + step + " started")) {
                        return false;
                    }
                    seenIn = child;
                    seenAt = System.nanoTime();
                }
                return System.nanoTime() - seenAt >= delayMs * 1_000_000;
            }

            @Override
            public String describe() {
                return delayMs + " ms into step " + step;
            }
        };
    }

    /** {@code n} moments in (0.02, 0.98) of a run, drawn from {@code random}, in order. */
    static List<Double> moments(Random random, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(0.02 + 0.96 * random.nextDouble());
        }
        out.sort(null);
        return out;
    }

    /** How a run killed at its kill points ended. */
    record Survived(int kills, int runs, List<String> killedAt, Result last) {
    }

    /**
     * Runs {@code first}; kills the child at the next kill point (SIGKILL), then runs {@code restart ID} (the newest
     * execution id the killed child printed) or, when it printed none, {@code first} again; until a child ends by
     * itself. A kill point the run ends before is not used.
     */
    static Survived runKilled(Path logs, String name, Repo repo, Map<String, String> env, List<String> first,
            List<String> jvmOptions, List<KillPoint> points, Duration timeout) {
        List<String> killedAt = new ArrayList<>();
        Long lastId = null;
        int runs = 0;
        while (true) {
            List<String> args = lastId == null ? first
                    : ProcessTestSupport.command(repo, "restart", String.valueOf(lastId));
            runs++;
            try (BotbuddyProcess child = BotbuddyProcess.start(logs, name + "-" + runs, env, args, List.of(),
                    jvmOptions)) {
                KillPoint point = killedAt.size() < points.size() ? points.get(killedAt.size()) : null;
                long deadline = System.nanoTime() + timeout.toNanos();
                boolean killed = false;
                while (child.isAlive()) {
                    if (point != null && point.reached(child)) {
                        Result r = child.kill();
                        if (r.exitCode() == 137) { // else it ended on its own just before the signal
                            killed = true;
                            killedAt.add(point.describe());
                            List<Long> ids = BotbuddyProcess.executionIds(r.stdout());
                            if (!ids.isEmpty()) {
                                lastId = ids.get(ids.size() - 1);
                            }
                        } else {
                            return new Survived(killedAt.size(), runs, killedAt, r);
                        }
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        fail(name + " run " + runs + " did not end within " + timeout + "\n" + child.output());
                    }
                    BotbuddyProcess.sleep(10);
                }
                if (!killed) {
                    return new Survived(killedAt.size(), runs, killedAt, child.awaitExit(Duration.ofSeconds(30)));
                }
            }
        }
    }

    /** The duration of {@code step} from the run log's {@code step NAME COMPLETED: ... in X} line, in ms. */
    static long stepMillis(String stdout, String step) {
        Matcher m = STEP_DURATION.matcher(stdout);
        while (m.find()) {
            if (!m.group(1).equals(step)) {
                continue;
            }
            if (m.group(2) != null) {
                return Long.parseLong(m.group(2)) * 60_000 + Long.parseLong(m.group(3)) * 1000;
            }
            if (m.group(4) != null) {
                return Math.round(Double.parseDouble(m.group(4)) * 1000);
            }
            return Long.parseLong(m.group(5));
        }
        return fail("no completed " + step + " step in:\n" + stdout);
    }

    /** The child ended by itself, as {@code expected}, with no stack trace on the console. */
    static void assertEnded(Result r, int expected) {
        assertThat(r.exitCode()).as(r.output()).isEqualTo(expected);
        assertThat(r.output()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    /**
     * One scenario's line for the summary: printed, and appended to the {@value #SUMMARY} file when set
     * (tab-separated: scenario, kills, faults, retries, rows re-sent, pages re-read, identical checks).
     */
    static void report(String scenario, int kills, long faults, long retries, long resent, long reread,
            int identical) {
        String line = String.join("\t", scenario, Integer.toString(kills), Long.toString(faults),
                Long.toString(retries), Long.toString(resent), Long.toString(reread), Integer.toString(identical));
        System.out.printf("chaos: %s: %d kills survived, %d faults survived, %d retries, %d rows re-sent,"
                + " %d pages re-read, %d identical checks passed%n", scenario, kills, faults, retries, resent, reread,
                identical);
        String file = System.getProperty(SUMMARY, "");
        if (!file.isBlank()) {
            try {
                Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot append to " + file, e);
            }
        }
    }
}
