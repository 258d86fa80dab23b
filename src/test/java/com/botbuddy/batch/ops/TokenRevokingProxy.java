package com.botbuddy.batch.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A test-side proxy on 127.0.0.1 in front of the sandbox, for a token revoked mid-run: clients present their own
 * tokens ({@code old} or {@code renewed}), which the proxy swaps for the sandbox's before passing the request on. After
 * {@code revokeAfter} requests carrying {@code old}, every further request carrying it is answered 401 as the API
 * answers a refused token, without reaching the sandbox; {@code renewed} always passes. Counts what it forwarded and
 * what it refused.
 */
final class TokenRevokingProxy implements AutoCloseable {
    private static final Set<String> TOKEN_HEADERS = Set.of("x-bot-token", "x-bp-token");
    /** Headers the JDK client sets itself (or refuses to be given). */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final String target;
    private final Map<String, String> sandboxTokens;
    private final String oldToken;
    private final String renewedToken;
    private final long revokeAfter;
    private final AtomicLong oldTokenRequests = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "revoking-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * @param target        the sandbox's base URL
     * @param sandboxTokens header name → the sandbox's token for it ({@code x-bot-token}, {@code x-bp-token})
     */
    TokenRevokingProxy(String target, Map<String, String> sandboxTokens, String oldToken, String renewedToken,
            long revokeAfter) throws IOException {
        this.target = target;
        this.sandboxTokens = sandboxTokens;
        this.oldToken = oldToken;
        this.renewedToken = renewedToken;
        this.revokeAfter = revokeAfter;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests passed on to the sandbox. */
    long forwarded() {
        return forwarded.get();
    }

    /** Requests answered 401 because they carried the revoked token. */
    long refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60));
            boolean revoked = false;
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                String name = header.getKey().toLowerCase(java.util.Locale.ROOT);
                if (HOP_HEADERS.contains(name)) {
                    continue;
                }
                for (String value : header.getValue()) {
                    if (TOKEN_HEADERS.contains(name) && (value.equals(oldToken) || value.equals(renewedToken))) {
                        if (value.equals(oldToken) && oldTokenRequests.incrementAndGet() > revokeAfter) {
                            revoked = true;
                        }
                        value = sandboxTokens.get(name);
                    }
                    request.header(header.getKey(), value);
                }
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (revoked) {
                refused.incrementAndGet();
                byte[] answer = "{\"success\":false,\"message\":\"token revoked\",\"code\":401}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
                return;
            }
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            forwarded.incrementAndGet();
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
