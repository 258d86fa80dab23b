package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real application as a child JVM: {@code java -cp <this JVM's class path> BotBuddyApplication args...},
 * stdout and stderr captured to files, the environment cleaned of every {@code BOTBUDDY_*} variable the test
 * JVM may have (then set as the test says). {@code BOTBUDDY_HOME} defaults to {@code home} in the folder of the
 * child's output, so a child given no {@code --home} (a PostgreSQL run, whose support log still goes to the
 * home) never writes to the working directory's {@code ./data}. Waits poll every 100 ms and fail with the
 * child's output.
 */
final class BotbuddyProcess implements AutoCloseable {
    static final String MAIN = "com.botbuddy.batch.BotBuddyApplication";
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Children still running when the test JVM exits (a background reference run, a failed test) are killed. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private static final Pattern EXECUTION = Pattern.compile("(?m)^execution (\\d+): (?:export|import) started");

    private final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos = System.nanoTime();

    private BotbuddyProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** What a finished child left: exit code and output. */
    record Result(String label, int exitCode, String stdout, String stderr) {
        String output() {
            return "--- " + label + " exit " + exitCode + " stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    /**
     * The test JVM's class path. Surefire boots the test JVM from a manifest-only jar
     * ({@code surefire.real.class.path}, checked with surefire 3.5.6) but sets {@code java.class.path} to the real
     * test class path ({@code target/test-classes:target/classes:<jars>}). Should it ever be the booter jar alone,
     * {@code java -cp booter.jar} still follows that jar's manifest {@code Class-Path}. Fails unless the
     * application's classes are reachable.
     */
    static String classPath() {
        String cp = System.getProperty("java.class.path");
        boolean hasApp = false;
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p.resolve(MAIN.replace('.', '/') + ".class"))
                    || (entry.endsWith(".jar") && cp.indexOf(java.io.File.pathSeparatorChar) < 0)) {
                hasApp = true;
                break;
            }
        }
        if (!hasApp) {
            fail("the test JVM's java.class.path does not hold " + MAIN + ": " + cp);
        }
        return cp;
    }

    /**
     * Starts the application. {@code env} entries are set in the child's environment; a {@code null} value
     * removes the variable.
     */
    static BotbuddyProcess start(Path logDir, String label, Map<String, String> env, List<String> args) {
        return start(logDir, label, env, args, List.of(), List.of());
    }

    /**
     * As {@link #start(Path, String, Map, List)}, the java command run through {@code wrapper} (e.g. {@code setpriv
     * ...}, empty for none) and with {@code jvmOptions} (system properties such as a chunk size) added.
     */
    static BotbuddyProcess start(Path logDir, String label, Map<String, String> env, List<String> args,
            List<String> wrapper, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
                "-Djava.awt.headless=true",
                // small commits (the default is 20 pages), so a kill or stop lands between commits mid-fetch
                "-Dbotbuddy.export.pages-per-commit=4"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), MAIN));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("BOTBUDDY_"));
        pb.environment().put("BOTBUDDY_HOME", logDir.resolve("home").toString());
        pb.environment().remove("TERM");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(label + ".out");
            Path err = logDir.resolve(label + ".err");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = pb.start();
            LIVE.add(process);
            return new BotbuddyProcess(label, process, out, err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /** Starts the application and waits for it to end (at most {@link #TIMEOUT}). */
    static Result run(Path logDir, String label, Map<String, String> env, List<String> args) {
        try (BotbuddyProcess p = start(logDir, label, env, args)) {
            return p.awaitExit(TIMEOUT);
        }
    }

    String label() {
        return label;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    String output() {
        return "--- " + label + (process.isAlive() ? " (running)" : " exit " + process.exitValue()) + " stdout:\n"
                + stdout() + "--- stderr:\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    Result awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String output = output();
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(label + " did not end within " + timeout + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf("child %-22s exit %3d after %5.1f s%n", label, process.exitValue(),
                (System.nanoTime() - startedNanos) / 1e9);
        return new Result(label, process.exitValue(), stdout(), stderr());
    }

    /** Waits until stdout matches {@code pattern}; returns the match. Fails if the child ends first or on timeout. */
    Matcher awaitStdout(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(stdout());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                Matcher last = pattern.matcher(stdout());
                if (last.find()) {
                    return last;
                }
                fail(label + " ended before printing /" + pattern + "/\n" + output());
            }
            if (System.nanoTime() > deadline) {
                fail(label + " did not print /" + pattern + "/ within " + timeout + "\n" + output());
            }
            sleep(100);
        }
    }

    /** The id of the execution the child runs ({@code execution N: export started ...}). */
    long awaitExecutionId() {
        return Long.parseLong(awaitStdout(EXECUTION, TIMEOUT).group(1));
    }

    /** The execution ids the finished output announces, in order. */
    static List<Long> executionIds(String stdout) {
        List<Long> ids = new ArrayList<>();
        Matcher m = EXECUTION.matcher(stdout);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** SIGKILL: no handler, no shutdown hook runs. */
    Result kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(20));
    }

    /** SIGTERM (what {@link Process#destroy()} sends on Linux). Does not wait. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        LIVE.remove(process);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
