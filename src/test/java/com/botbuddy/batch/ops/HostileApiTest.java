package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The export against an API that answers in every way it should not: each mode ends in bounded time, in a
 * child JVM capped at 256 MB, with exit 1 and one clear line naming what was wrong; no stack trace, no token
 * in the output, no report written, and no request to another host however the API redirects.
 */
class HostileApiTest {
    private static final String TOKEN = "hostile-test-token-4b1d";
    /** The process ends well within this (two attempts, each bounded by its read timeout or less). */
    private static final long BOUND_MILLIS = 45_000;

    private static HttpServer api;
    private static HttpServer elsewhere;
    private static final AtomicInteger ELSEWHERE_REQUESTS = new AtomicInteger();
    private static final AtomicInteger PAGE_COUNTER = new AtomicInteger();

    /** What the API does wrong, and a part of the line the operator reads about it. */
    enum Mode {
        HUGE_PAGE("larger than 32 MB"),
        NESTED_100000_DEEP("unparsable JSON body"),
        STRING_OF_50_MB("larger than 32 MB"),
        GZIP_BOMB("unparsable JSON body"),
        HTML_WITH_200("unparsable JSON body"),
        DATA_NOT_A_LIST("'data' is not a list of chats"),
        NOT_A_LISTING("the answer is not a listing"),
        ENDLESS_NEW_PAGES("more than 20 pages"),
        SAME_PAGE_FOREVER("seems to ignore the 'page' parameter"),
        TRICKLE("not complete within 3000 ms"),
        RETRY_AFTER_999999("HTTP 503"),
        REDIRECT_LOOP("redirect"),
        REDIRECT_TO_ANOTHER_HOST("redirect");

        final String says;

        Mode(String says) {
            this.says = says;
        }

        String path() {
            return "/" + name().toLowerCase();
        }

        /** Long enough for a fast answer of any size to arrive whole, so that the size limit is what stops it. */
        String readTimeout() {
            return this == TRICKLE ? "3s" : "10s";
        }
    }

    private static void startServers() throws IOException {
        gzipBomb(); // made before any export starts, so that serving it takes no time
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            ELSEWHERE_REQUESTS.incrementAndGet();
            respond(exchange, 200, "{\"success\":true,\"data\":[]}");
        });
        elsewhere.start();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-api");
            t.setDaemon(true);
            return t;
        }));
        for (Mode mode : Mode.values()) {
            api.createContext(mode.path(), exchange -> {
                try (exchange) {
                    serve(mode, exchange);
                } catch (IOException e) {
                    // the client hung up, as it should on most of these answers
                }
            });
        }
        api.start();
    }

    @AfterAll
    static void stopServers() {
        api.stop(0);
        elsewhere.stop(0);
    }

    /** What each mode's export left: the child's result and how long it took. */
    private record Run(BotbuddyProcess.Result result, long millis, Path out) {
    }

    private static final Map<Mode, Run> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The modes run four at a time: most of each is waiting for a timeout or a backoff. */
    @BeforeAll
    static void exportAgainstEveryMode(@TempDir Path dir) throws Exception {
        startServers();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (Mode mode : Mode.values()) {
                runs.add(pool.submit(() -> RUNS.put(mode, export(mode, dir.resolve(mode.name())))));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Run export(Mode mode, Path dir) {
        Path out = dir.resolve("out");
        long started = System.nanoTime();
        BotbuddyProcess.Result result = BotbuddyProcess.run(dir, mode.name(),
                Map.of("BOTBUDDY_BOT_TOKEN", TOKEN, "BOTBUDDY_API_RETRYMAXDELAY", "1s",
                        "BOTBUDDY_API_RETRYINITIALDELAY", "100ms"),
                List.of("export", "--bot-id", "b1", "--customer-id", "c1",
                        "--base-url", "http://127.0.0.1:" + api.getAddress().getPort() + mode.path(),
                        "--home", dir.resolve("home").toString(), "--out", out.toString(),
                        "--retry-attempts", "2", "--read-timeout", mode.readTimeout(), "--max-pages", "20", "--quiet"));
        return new Run(result, (System.nanoTime() - started) / 1_000_000, out);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void eachHostileAnswerEndsInBoundedTimeWithOneClearLineAndNothingWritten(Mode mode) throws IOException {
        Run run = RUNS.get(mode);
        BotbuddyProcess.Result result = run.result();
        String all = result.stdout() + result.stderr();
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(run.millis()).as(result.output()).isLessThan(BOUND_MILLIS);
        assertThat(all).as(result.output()).contains(mode.says);
        assertThat(all).as("no stack trace\n" + result.output())
                .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(").doesNotContain("OutOfMemoryError")
                .doesNotContain("Exception in thread");
        assertThat(all).as("the token stays secret").doesNotContain(TOKEN);
        assertThat(ELSEWHERE_REQUESTS.get()).as("no request follows a redirect").isZero();
        try (Stream<Path> files = Files.exists(run.out()) ? Files.walk(run.out()) : Stream.empty()) {
            assertThat(files.filter(Files::isRegularFile)).as("no report from a failed export").isEmpty();
        }
    }

    private static void serve(Mode mode, HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String type = exchange.getRequestURI().getQuery().contains("type=non-lead") ? "n" : "l";
        switch (mode) {
            case HUGE_PAGE -> streamChats(exchange, 200L << 20, null);
            case NESTED_100000_DEEP -> respond(exchange, 200, "{\"success\":true,\"data\":[{\"_id\":\"x\",\"notes\":"
                    + "[".repeat(100_000) + "]".repeat(100_000) + "}]}");
            case STRING_OF_50_MB -> streamChats(exchange, 0, "x".repeat(50 << 20));
            case GZIP_BOMB -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                byte[] bomb = gzipBomb();
                exchange.sendResponseHeaders(200, bomb.length);
                exchange.getResponseBody().write(bomb);
            }
            case HTML_WITH_200 -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                respond(exchange, 200, "<!doctype html><html><body><h1>Maintenance</h1></body></html>");
            }
            case DATA_NOT_A_LIST -> respond(exchange, 200, "{\"success\":true,\"data\":{\"chats\":[]}}");
            case NOT_A_LISTING -> respond(exchange, 200, "{\"ok\":true,\"items\":[{\"_id\":\"a\"}]}");
            case ENDLESS_NEW_PAGES -> respond(exchange, 200, "{\"success\":true,\"data\":[{\"_id\":\"" + type
                    + PAGE_COUNTER.incrementAndGet() + "\",\"uuid\":\"u" + PAGE_COUNTER.get() + "\"}]}");
            case SAME_PAGE_FOREVER -> respond(exchange, 200,
                    "{\"success\":true,\"data\":[{\"_id\":\"" + type + "1\",\"uuid\":\"" + type + "u1\"}]}");
            case TRICKLE -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                for (char c : "{\"success\":true,\"data\":[]}".toCharArray()) {
                    body.write(c);
                    body.flush();
                    sleep(5_000);
                }
            }
            case RETRY_AFTER_999999 -> {
                exchange.getResponseHeaders().set("Retry-After", "999999");
                respond(exchange, 503, "busy");
            }
            case REDIRECT_LOOP -> {
                exchange.getResponseHeaders().set("Location", exchange.getRequestURI().toString());
                respond(exchange, 302, "");
            }
            case REDIRECT_TO_ANOTHER_HOST -> {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort()
                        + exchange.getRequestURI());
                respond(exchange, 307, "");
            }
        }
    }

    private static byte[] bomb;

    /** 1 GB of zeros gzipped: about 1 MB on the wire. */
    private static synchronized byte[] gzipBomb() throws IOException {
        if (bomb == null) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 1024; i++) {
                    gz.write(zeros);
                }
            }
            bomb = out.toByteArray();
        }
        return bomb;
    }

    /** A listing of {@code bytes} of chats streamed (no length), or one chat whose name is {@code name}. */
    private static void streamChats(HttpExchange exchange, long bytes, String name) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.write("{\"success\":true,\"data\":[".getBytes(StandardCharsets.US_ASCII));
        if (name != null) {
            body.write(("{\"_id\":\"a\",\"uuid\":\"u\",\"profile\":{\"userDetails\":{\"name\":\"" + name + "\"}}}")
                    .getBytes(StandardCharsets.US_ASCII));
        } else {
            for (long written = 0, i = 0; written < bytes; i++) {
                byte[] chat = String.format("{\"_id\":\"%08d\",\"uuid\":\"u%08d\"},", i, i)
                        .getBytes(StandardCharsets.US_ASCII);
                body.write(chat);
                written += chat.length;
            }
            body.write("{\"_id\":\"last\"}".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("]}".getBytes(StandardCharsets.US_ASCII));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
