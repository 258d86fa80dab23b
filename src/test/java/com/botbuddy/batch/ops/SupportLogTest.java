package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.sun.net.httpserver.HttpServer;

/**
 * The support log as a real process writes it: one export that fails (the API refuses its token, which it was
 * sent) run once as a child JVM, then what it left in its home, and the read-only commands run after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupportLogTest {
    private static final String TOKEN = "tok-support-log-7c1e5d93a0";

    private final AtomicReference<String> tokenSent = new AtomicReference<>();
    private HttpServer api;
    private Path dir;
    private Path home;
    private Result export;
    private long exportPid;

    @BeforeAll
    void runAFailingExport() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            tokenSent.set(exchange.getRequestHeaders().getFirst("x-bot-token"));
            byte[] body = "{\"message\":\"invalid token\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        dir = Files.createTempDirectory("botbuddy-support-log");
        home = dir.resolve("home");
        try (BotbuddyProcess child = BotbuddyProcess.start(dir.resolve("out"), "failing-export",
                Map.of("BOTBUDDY_BOT_TOKEN", TOKEN), List.of("export", "--bot-id", "b", "--customer-id", "c",
                        "--home", home.toString(), "--out", dir.resolve("reports").toString(), "--base-url",
                        "http://127.0.0.1:" + api.getAddress().getPort(), "--retry-attempts", "1", "--quiet"))) {
            exportPid = child.pid();
            export = child.awaitExit(BotbuddyProcess.TIMEOUT);
        }
    }

    @AfterAll
    void cleanUp() {
        api.stop(0);
        ProcessTestSupport.deleteTree(dir);
    }

    private List<Path> logs() throws IOException {
        return SupportLogFiles.list(home.resolve("logs"));
    }

    @Test
    void aFailedExportWritesOnePrivateLogWithTheTracesTheConsoleLeavesOut() throws IOException {
        assertThat(export.exitCode()).as(export.output()).isEqualTo(3);
        assertThat(logs()).as(export.output()).hasSize(1);
        Path log = logs().get(0);
        assertThat(log.getFileName().toString()).matches("botbuddy-\\d{8}-\\d{6}-" + exportPid + "\\.log");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
                .isEqualTo("rwx------");

        assertThat(export.stderr()).contains("the API refused the token").contains("details: " + log)
                .endsWith("exit 3 (the API refused a token (401/403))\n");
        assertThat(export.stdout() + export.stderr()).as("no trace and no Spring Batch on the console")
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("org.springframework.batch")
                .as("--quiet: no step lines either").doesNotContain("step fetchLeads started");

        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).startsWith(text.substring(0, 23) + " INFO  [main] botbuddy.support - export started (process "
                + exportPid + ", Java ")
                .as("our INFO lines, even with --quiet").contains("botbuddy.run - step fetchLeads started")
                .as("Spring Batch's error with its whole trace")
                .contains("ERROR [main] org.springframework.batch.core.step.AbstractStep - Encountered an error"
                        + " executing step fetchLeads in job export")
                .contains("com.botbuddy.batch.client.ApiAuthException").contains("\tat com.botbuddy.batch.");
    }

    @Test
    void theTokenTheExportSentIsNowhereInItsLog() throws IOException {
        assertThat(tokenSent.get()).as("the token was in play: the API was sent it").isEqualTo(TOKEN);
        assertThat(logs()).hasSize(1);
        assertThat(Files.readString(logs().get(0), StandardCharsets.UTF_8)).doesNotContain(TOKEN)
                .doesNotContain(TOKEN.substring(4));
    }

    @Test
    void readOnlyCommandsWriteNoLog() throws IOException {
        for (List<String> args : List.of(List.of("jobs"), List.of("stop", "1"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("--home", home.toString()));
            Result r = BotbuddyProcess.run(dir.resolve("out"), String.join("-", args), Map.of(), all);
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        assertThat(logs()).as("still the export's alone").hasSize(1);
    }
}
