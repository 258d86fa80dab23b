package com.botbuddy.batch.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium driven over the DevTools protocol itself: the browser is started with
 * {@code --remote-debugging-port=0}, its port is read from {@code DevToolsActivePort} in the profile folder, and
 * commands and events travel as JSON over the JDK's WebSocket client. Nothing here is tied to a browser version
 * beyond the protocol's stable domains (Target, Page, Network, Runtime, Log, Emulation), and no driver is needed.
 * <p>
 * The network is cut off: every request goes to a proxy on a port where nothing listens, and every host name
 * resolves to nothing, so a page that tried to load anything would fail (and the request would still be seen).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Tab> tabs = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts Chromium with a fresh profile under {@code dir} and connects to it. */
    static HeadlessChromium start(Path dir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path log = dir.resolve("chromium.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
                "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> lines = List.of();
            while (lines.size() < 2) {
                if (!process.isAlive()) {
                    throw new IOException("chromium ended at start, exit " + process.exitValue() + ": "
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("chromium wrote no DevToolsActivePort within 20 s");
                }
                Thread.sleep(50);
                lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            }
            URI browser = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            Receiver receiver = new Receiver();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(browser, receiver).get(20, TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, socket);
            receiver.chromium = chromium;
            return chromium;
        } catch (IOException | InterruptedException | RuntimeException e) {
            destroy(process);
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            destroy(process);
            throw new IOException("could not connect to chromium's DevTools: " + e, e);
        }
    }

    /** Opens a new tab on {@code about:blank} with Page, Network, Runtime and Log events on. */
    Tab open() throws Exception {
        String targetId = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asString();
        String sessionId = send(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asString();
        Tab tab = new Tab(targetId, sessionId);
        tabs.put(sessionId, tab);
        for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
            tab.send(domain + ".enable", Map.of());
        }
        return tab;
    }

    JsonNode send(String sessionId, String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        JsonNode reply;
        try {
            reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + method + " within " + COMMAND_TIMEOUT.toSeconds() + " s");
        } finally {
            pending.remove(id);
        }
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    private void receive(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode session = message.get("sessionId");
        Tab tab = session == null ? null : tabs.get(session.asString());
        if (tab != null) {
            tab.event(message.get("method").asString(), message.get("params"));
        }
    }

    @Override
    public void close() {
        try {
            socket.sendText(JSON.writeValueAsString(Map.of("id", ids.incrementAndGet(), "method", "Browser.close")),
                    true);
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the browser is ended below in any case
        }
        socket.abort();
        destroy(process);
    }

    /** Ends the browser and the processes it started (renderers, GPU and zygote helpers). */
    private static void destroy(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One page: the events of its session, kept in order. A JavaScript dialog is recorded and dismissed at once,
     * so that a page that opens one goes on loading.
     */
    final class Tab {
        private final String targetId;
        private final String sessionId;
        private final List<Event> events = new CopyOnWriteArrayList<>();

        private Tab(String targetId, String sessionId) {
            this.targetId = targetId;
            this.sessionId = sessionId;
        }

        record Event(String method, JsonNode params) {
        }

        JsonNode send(String method, Map<String, ?> params) throws Exception {
            return HeadlessChromium.this.send(sessionId, method, params);
        }

        private void event(String method, JsonNode params) {
            events.add(new Event(method, params));
            if (method.equals("Page.javascriptDialogOpening")) {
                CompletableFuture.runAsync(() -> {
                    try {
                        send("Page.handleJavaScriptDialog", Map.of("accept", true));
                    } catch (Exception e) {
                        // the test sees the dialog in the events and fails on it
                    }
                });
            }
        }

        List<Event> events(String method) {
            return events.stream().filter(e -> e.method().equals(method)).toList();
        }

        /** Navigates and waits for the page's load event. */
        void navigate(URI url) throws Exception {
            int before = events("Page.loadEventFired").size();
            JsonNode result = send("Page.navigate", Map.of("url", url.toString()));
            if (result.has("errorText")) {
                throw new AssertionError("navigation to " + url + " failed: " + result.get("errorText"));
            }
            await(e -> events("Page.loadEventFired").size() > before, "the load event of " + url);
        }

        /** The value of a JavaScript expression (a promise is awaited). */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                    "awaitPromise", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("evaluating " + expression + " threw: " + result.get("exceptionDetails"));
            }
            return result.get("result").get("value");
        }

        /** A PNG of the given part of the page, in CSS pixels from the document's top left. */
        byte[] screenshot(double x, double y, double width, double height) throws Exception {
            Map<String, Object> clip = Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1);
            JsonNode result = send("Page.captureScreenshot", Map.of("format", "png", "clip", clip,
                    "captureBeyondViewport", false));
            return java.util.Base64.getDecoder().decode(result.get("data").asString());
        }

        void close() throws Exception {
            HeadlessChromium.this.send(null, "Target.closeTarget", Map.of("targetId", targetId));
        }

        private void await(Predicate<Tab> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            while (!condition.test(this)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("waited " + COMMAND_TIMEOUT.toSeconds() + " s for " + what);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Puts the WebSocket's fragments together and hands each whole message on. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        /** Set once connected, before the first command is sent: no message comes before that. */
        volatile HeadlessChromium chromium;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode message = JSON.readTree(text.toString());
                text.setLength(0);
                if (chromium != null) {
                    chromium.receive(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
