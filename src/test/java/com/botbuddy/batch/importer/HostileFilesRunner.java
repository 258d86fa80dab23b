package com.botbuddy.batch.importer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.botbuddy.batch.cli.BotBuddyCli;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.botbuddy.batch.sandbox.SandboxStats;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the import of each file of a hostile corpus, one after the other in this one JVM (which the test starts
 * with a small heap, so that the heap must hold for every file), against a sandbox of its own. Arguments: the
 * corpus manifest (one {@code name<TAB>file<TAB>results folder} per line), the home, and where to write one JSON
 * object per case: its name, exit code, PUTs the sandbox received during it, and everything it printed.
 */
public final class HostileFilesRunner {
    /** A case still running after this is recorded as hanging (exit -1), and the runner goes on. */
    private static final long CASE_TIMEOUT_SECONDS = 60;

    private HostileFilesRunner() {
    }

    public static void main(String[] args) throws Exception {
        List<String> manifest = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String home = args[1];
        Path results = Path.of(args[2]);
        JsonMapper json = JsonMapper.builder().build();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ExecutorService runner = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-case");
            t.setDaemon(true);
            return t;
        });
        List<String> lines = new ArrayList<>();
        try (SandboxServer api = SandboxServer.start(SandboxSettings.forTests())) {
            for (String line : manifest) {
                String[] fields = line.split("\t");
                long before = api.stats().requests(SandboxStats.UPDATE);
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                System.setOut(capture);
                System.setErr(capture);
                int exit;
                Future<Integer> run = runner.submit(() -> BotBuddyCli.run("import", fields[1], "--bot-id",
                        api.data().settings().botId(), "--customer-id", api.data().settings().customerId(),
                        "--base-url", api.baseUrl(), "--home", home, "--out", fields[2], "--max-error-rate", "100%",
                        "--quiet"));
                try {
                    exit = run.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    exit = -1;
                } finally {
                    System.setOut(out);
                    System.setErr(err);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("name", fields[0]);
                result.put("exit", exit);
                result.put("updates", api.stats().requests(SandboxStats.UPDATE) - before);
                result.put("output", buffer.toString(StandardCharsets.UTF_8));
                lines.add(json.writeValueAsString(result));
                out.println(fields[0] + ": exit " + exit);
            }
        }
        Files.write(results, lines, StandardCharsets.UTF_8);
        System.exit(0);
    }
}
