package com.botbuddy.batch.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local API double: a faithful, fast fake of the two inbox endpoints on {@code 127.0.0.1}, serving
 * {@link SandboxData} for any {@link SandboxPair (botId, customerId) pair} it is asked for. Used by the demo, every
 * end-to-end test and the benchmarks (up to 1,000,000 chats per pair).
 *
 * <h2>Pairs</h2>
 * Every well-formed pair has {@code chats} chats of its own, derived from the seed and its two ids, so the same seed,
 * ids and options give the same pages in any process. The settings' own pair ({@link #data()}) is built at start and
 * held; any other pair's data is built on its first request ({@link #data(String, String)}) and kept in a small
 * cache ({@link #cachedPairs(int)} pairs), dropped and built again when others push it out. Updates applied to a pair
 * are kept apart from that cache, so they stay until the server stops.
 *
 * <h2>Endpoints</h2>
 * <ul>
 * <li>{@code GET /inbox/direct/chats?botId&customerId&page&type}: {@code x-bot-token} must be the configured bot
 *     token (else 401). {@code botId}/{@code customerId} must be well-formed ({@link SandboxPair#problem}),
 *     {@code page} a positive integer,
 *     {@code type} {@code lead} or {@code non-lead} (else 400 with a short text). Answers
 *     {@code {"success":true,"message":"ok","data":[...],"code":200}}: pages of {@code pageSize} of that pair's chats
 *     in index order, page 1 first, an empty {@code data} past the end.</li>
 * <li>{@code PUT /inbox/direct/lead}: {@code x-bp-token} must be the configured write token (else 401); the body is
 *     validated by {@link LeadUpdateParser} (400 with a short text), a uuid that is not one of the pair's chats is a
 *     400 ({@code no chat with uuid ...}). Applied to that pair's {@link SandboxData}, so the next GET shows it. Answers
 *     {@code {"success":true,"message":"ok","code":200}}.</li>
 * <li>{@code GET /_sandbox/stats}: {@link SandboxStats#snapshot()} as JSON; {@code DELETE /_sandbox/stats} resets it.</li>
 * </ul>
 * The token is checked before anything else; a body never echoes a token. Counters are updated before the answer
 * is sent, so a client that got its answer can read them at once.
 *
 * <h2>Behaviour knobs</h2>
 * {@code latencyMs} delays every API answer (the handler thread sleeps; the pool has {@value #THREADS} threads).
 * {@link #setOutage(boolean)} makes every API request answer 503 while on. {@code faultRate} injects failures
 * deterministically from the seed as described in {@link FaultPlan}: 500, 429 with {@code Retry-After: 1}, slow
 * answers, dropped connections and truncated JSON, never on the 4th attempt (k = 3) at a resource or later, so a client
 * making at least 4 attempts always gets through. {@code ignorePage} and {@code duplicateEvery} (see
 * {@link SandboxSettings}) imitate a broken paging API.
 *
 * <p>Answers are written with Jackson into a buffer and sent with an exact {@code Content-Length} (keep-alive without
 * chunking; a truncated answer is then a cleanly short JSON, not a transport error).
 */
public final class SandboxServer implements AutoCloseable {

    public static final String LISTING_PATH = "/inbox/direct/chats";
    public static final String UPDATE_PATH = "/inbox/direct/lead";
    public static final String STATS_PATH = "/_sandbox/stats";
    static final int THREADS = 64;
    /** Chats whose listing order the pair cache may hold at once, over all pairs (4 bytes and a bit each). */
    static final long CACHE_BUDGET_CHATS = 8_000_000;
    /** Bytes of listing pages the page cache keeps (about a page of 50 chats per 30 KB). */
    static final long PAGE_CACHE_BYTES = 256L << 20;

    static {
        // Without TCP_NODELAY small keep-alive answers can wait for delayed ACKs (~40 ms each).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final byte[] UPDATE_OK = "{\"success\":true,\"message\":\"ok\",\"code\":200}"
            .getBytes(StandardCharsets.UTF_8);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final SandboxSettings settings;
    private final SandboxData data;
    private final SandboxData.Updates otherUpdates = new SandboxData.Updates();
    private final Cache<SandboxPair, SandboxData> otherPairs;
    /**
     * Listing pages as served, so that a page asked for again costs the double next to nothing: benchmarks run it on
     * the machine they measure. Keyed by the pair's edits so far ({@link SandboxData#edits}), so an edit is seen at once.
     */
    private final Cache<PageKey, byte[]> pages = Caffeine.newBuilder().maximumWeight(PAGE_CACHE_BYTES)
            .<PageKey, byte[]>weigher((k, v) -> v.length).executor(Runnable::run).build();

    private record PageKey(SandboxPair pair, ChatType type, long page, long edits) {
    }
    private final SandboxStats stats = new SandboxStats();
    private final FaultPlan faults;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ObjectWriter listingWriter = mapper.writerFor(Listing.class);
    private final LeadUpdateParser parser = new LeadUpdateParser(mapper);
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile boolean outage;
    private volatile long outageAfterUpdates = -1;
    private volatile boolean stopped;

    /** The listing envelope, in the reference's field order. */
    @JsonPropertyOrder({ "success", "message", "data", "code" })
    record Listing(@JsonProperty("success") boolean success, @JsonProperty("message") String message,
            @JsonProperty("data") List<Chat> data, @JsonProperty("code") int code) {
    }

    private SandboxServer(SandboxSettings settings, SandboxData data) throws IOException {
        this.settings = settings;
        this.data = data;
        this.otherPairs = Caffeine.newBuilder().maximumSize(cachedPairs(settings.chats())).executor(Runnable::run)
                .build();
        this.faults = new FaultPlan(settings.seed(), settings.faultRate());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 512);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Builds the data and starts serving (port 0 = any free port). */
    public static SandboxServer start(SandboxSettings settings) {
        return start(settings, new SandboxData(settings));
    }

    /** Starts serving data built beforehand (from the same settings). */
    public static SandboxServer start(SandboxSettings settings, SandboxData data) {
        try {
            SandboxServer s = new SandboxServer(settings, data);
            s.server.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the sandbox on port " + settings.port() + ": " + e.getMessage(), e);
        }
    }

    /** e.g. {@code http://127.0.0.1:8089}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** The settings' own pair's data (built at start, never dropped). */
    public SandboxData data() {
        return data;
    }

    /** Any well-formed pair's data, as this server serves it (built on first use). */
    public SandboxData data(String botId, String customerId) {
        return data(new SandboxPair(botId, customerId));
    }

    /** As {@link #data(String, String)}. */
    public SandboxData data(SandboxPair pair) {
        if (pair.equals(data.pair())) {
            return data;
        }
        return otherPairs.get(pair,
                p -> new SandboxData(settings.withIds(p.botId(), p.customerId()), otherUpdates));
    }

    /** How many other pairs' data is held right now (at most {@link #cachedPairs(int)}). */
    long otherPairsHeld() {
        otherPairs.cleanUp();
        return otherPairs.estimatedSize();
    }

    /** Drops every other pair's data, as the cache does when it is full; their updates stay. */
    void dropOtherPairs() {
        otherPairs.invalidateAll();
        otherPairs.cleanUp();
    }

    /** How many pairs besides the settings' own the server keeps built: the budget over the size, 2 to 64. */
    static int cachedPairs(int chats) {
        return (int) Math.max(2, Math.min(64, CACHE_BUDGET_CHATS / Math.max(1, chats)));
    }

    public SandboxStats stats() {
        return stats;
    }

    public FaultPlan faultPlan() {
        return faults;
    }

    /** While on, every API request (not {@code /_sandbox}) answers 503. Either way, ends {@link #outageAfterUpdates}. */
    public void setOutage(boolean on) {
        this.outageAfterUpdates = -1;
        this.outage = on;
    }

    /**
     * Turns the outage on by itself once {@code updates} PUTs were answered 200, for a test that must stop an
     * import midway whatever the machine's speed (PUTs already past that check may still land).
     */
    public void outageAfterUpdates(long updates) {
        this.outageAfterUpdates = updates;
    }

    public boolean outage() {
        return outage;
    }

    /** Stops serving at once; open requests are cut. Idempotent. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    // ----------------------------------------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case LISTING_PATH -> {
                    if (!"GET".equals(method)) {
                        answer(exchange, SandboxStats.LISTING, 405, TEXT, "method not allowed: use GET");
                    } else {
                        listing(exchange);
                    }
                }
                case UPDATE_PATH -> {
                    if (!"PUT".equals(method)) {
                        answer(exchange, SandboxStats.UPDATE, 405, TEXT, "method not allowed: use PUT");
                    } else {
                        update(exchange);
                    }
                }
                case STATS_PATH -> stats(exchange, method);
                default -> answer(exchange, SandboxStats.OTHER, 404, TEXT, "not found: " + path);
            }
        } catch (RuntimeException e) {
            // A bug here must not kill the server; answer 500 if nothing was sent yet.
            try {
                send(exchange, 500, TEXT, bytes("internal error: " + e.getClass().getSimpleName()), null);
            } catch (IOException | RuntimeException ignored) {
                // the answer had already started
            }
        }
    }

    private void listing(HttpExchange exchange) throws IOException {
        if (!apiPreamble(exchange, SandboxStats.LISTING, "x-bot-token", settings.botToken())) {
            return;
        }
        Map<String, String> q = query(exchange.getRequestURI());
        String problem = SandboxPair.problem(q.get("botId"), q.get("customerId"));
        if (problem != null) {
            answer(exchange, SandboxStats.LISTING, 400, TEXT, problem);
            return;
        }
        String typeText = q.get("type");
        ChatType type = "lead".equals(typeText) ? ChatType.LEAD : "non-lead".equals(typeText) ? ChatType.NON_LEAD : null;
        if (type == null) {
            answer(exchange, SandboxStats.LISTING, 400, TEXT, "type must be 'lead' or 'non-lead'");
            return;
        }
        long page = parsePage(q.get("page"));
        if (page < 1) {
            answer(exchange, SandboxStats.LISTING, 400, TEXT, "page must be a positive integer");
            return;
        }
        SandboxPair pair = new SandboxPair(q.get("botId"), q.get("customerId"));
        stats.recordPage(type, page);
        stats.recordPair(pair);

        FaultPlan.Fault fault = faults.next(listingResource(pair, type, page));
        if (answeredByFault(exchange, SandboxStats.LISTING, fault)) {
            return;
        }
        SandboxData pairData = data(pair);
        byte[] body = pages.get(new PageKey(pair, type, page, pairData.edits()), k -> listingBody(pairData, type, page));
        if (fault == FaultPlan.Fault.TRUNCATED) {
            sendTruncated(exchange, SandboxStats.LISTING, body);
            return;
        }
        stats.record(SandboxStats.LISTING, "200");
        send(exchange, 200, JSON, body, null);
    }

    /** The fault plan's name for a listing page; the default pair's pages go by type and page alone. */
    private static String listingResource(SandboxPair pair, ChatType type, long page) {
        String name = type.apiValue() + ":" + page;
        return "listing:" + (pair.equals(SandboxPair.DEFAULT) ? name : pair + ":" + name);
    }

    /** The exact bytes of a listing page of the settings' own pair as served (with the test knobs applied). */
    byte[] listingBody(ChatType type, long requestedPage) {
        return listingBody(data, type, requestedPage);
    }

    /** The exact bytes of a listing page of {@code data}'s pair as served (with the test knobs applied). */
    byte[] listingBody(SandboxData pairData, ChatType type, long requestedPage) {
        long page = settings.ignorePage() ? 1 : requestedPage;
        List<Chat> chats = pairData.page(type, page);
        int every = settings.duplicateEvery();
        if (every > 0 && page > 1 && page % every == 0 && !chats.isEmpty()) {
            int[] idx = pairData.indicesOf(type);
            int previousLast = (int) ((page - 1) * settings.pageSize() - 1);
            List<Chat> withCopy = new ArrayList<>(chats.size() + 1);
            withCopy.add(pairData.chat(idx[previousLast]));
            withCopy.addAll(chats);
            chats = withCopy;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, chats.size() * 1600));
        listingWriter.writeValue(out, new Listing(true, "ok", chats, 200));
        return out.toByteArray();
    }

    private void update(HttpExchange exchange) throws IOException {
        if (!apiPreamble(exchange, SandboxStats.UPDATE, "x-bp-token", settings.bpToken())) {
            return;
        }
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        LeadUpdate update;
        String uuid = null;
        try {
            JsonNode body = parser.readTree(raw);
            uuid = LeadUpdateParser.uuidOf(body);
            if (uuid != null) {
                stats.recordUpdateAttempt(uuid);
            }
            update = parser.parse(body);
        } catch (LeadUpdateParser.BadRequest e) {
            answer(exchange, SandboxStats.UPDATE, 400, TEXT, e.getMessage());
            return;
        }
        String problem = SandboxPair.problem(update.botId(), update.customerId());
        if (problem != null) {
            answer(exchange, SandboxStats.UPDATE, 400, TEXT, problem);
            return;
        }
        SandboxData pairData = data(update.botId(), update.customerId());
        if (pairData.indexOfUuid(update.uuid()) < 0) {
            answer(exchange, SandboxStats.UPDATE, 400, TEXT, "no chat with uuid " + update.uuid());
            return;
        }

        FaultPlan.Fault fault = faults.next("update:" + uuid);
        if (answeredByFault(exchange, SandboxStats.UPDATE, fault)) {
            return;
        }
        pairData.apply(update);
        if (fault == FaultPlan.Fault.TRUNCATED) {
            sendTruncated(exchange, SandboxStats.UPDATE, UPDATE_OK);
            return;
        }
        stats.record(SandboxStats.UPDATE, "200");
        stats.recordUpdateApplied(uuid);
        send(exchange, 200, JSON, UPDATE_OK, null);
    }

    private void stats(HttpExchange exchange, String method) throws IOException {
        switch (method) {
            case "GET" -> send(exchange, 200, JSON, mapper.writeValueAsBytes(stats.snapshot()), null);
            case "DELETE" -> {
                stats.reset();
                send(exchange, 200, JSON, bytes("{\"success\":true,\"message\":\"stats reset\",\"code\":200}"), null);
            }
            default -> send(exchange, 405, TEXT, bytes("method not allowed: use GET or DELETE"), null);
        }
    }

    // ----------------------------------------------------------------------------------------------- pieces

    /** Latency, outage and token: false when the request was answered here. */
    private boolean apiPreamble(HttpExchange exchange, String endpoint, String header, String expected) throws IOException {
        if (settings.latencyMs() > 0) {
            pause(settings.latencyMs());
        }
        if (outageAfterUpdates >= 0 && endpoint.equals(SandboxStats.UPDATE)
                && stats.count(SandboxStats.UPDATE, 200) >= outageAfterUpdates) {
            outage = true;
        }
        if (outage) {
            answer(exchange, endpoint, 503, JSON, "{\"success\":false,\"message\":\"service unavailable\",\"code\":503}");
            return false;
        }
        String token = exchange.getRequestHeaders().getFirst(header);
        if (token == null || !java.security.MessageDigest.isEqual(bytes(token), bytes(expected))) {
            answer(exchange, endpoint, 401, JSON, "{\"success\":false,\"message\":\"unauthorized: missing or invalid "
                    + header + "\",\"code\":401}");
            return false;
        }
        return true;
    }

    /** True when the fault already answered (or dropped) the request. */
    private boolean answeredByFault(HttpExchange exchange, String endpoint, FaultPlan.Fault fault) throws IOException {
        switch (fault) {
            case SERVER_ERROR -> {
                answer(exchange, endpoint, 500, JSON, "{\"success\":false,\"message\":\"internal server error\",\"code\":500}");
                return true;
            }
            case TOO_MANY_REQUESTS -> {
                stats.record(endpoint, "429");
                send(exchange, 429, TEXT, bytes("too many requests"), "1");
                return true;
            }
            case DROP -> {
                stats.record(endpoint, SandboxStats.DROPPED);
                exchange.getRequestBody().close();
                exchange.close(); // no answer: the connection is closed
                return true;
            }
            case SLOW -> {
                pause(faults.slowMillis());
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void sendTruncated(HttpExchange exchange, String endpoint, byte[] body) throws IOException {
        byte[] half = java.util.Arrays.copyOf(body, body.length / 2);
        stats.record(endpoint, "200");
        send(exchange, 200, JSON, half, null);
    }

    private void answer(HttpExchange exchange, String endpoint, int status, String type, String body) throws IOException {
        stats.record(endpoint, Integer.toString(status));
        send(exchange, status, type, bytes(body), null);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body, String retryAfter)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static long parsePage(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(key, value);
        }
        return out;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
