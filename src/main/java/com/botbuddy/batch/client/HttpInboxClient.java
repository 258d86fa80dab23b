package com.botbuddy.batch.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbox API over the JDK {@link HttpClient} (HTTP/1.1, keep-alive), Jackson 3 and resilience4j.
 *
 * <p><b>Thread-safety.</b> One instance is meant to be shared by every thread of a job: it holds one
 * {@link HttpClient} (daemon worker threads, pooled connections), one {@link Retry} and, when
 * {@link ClientSettings#requestsPerSecond()} is above 0, one {@link RateLimiter}. All are thread-safe.
 *
 * <p><b>Retries.</b> 429, 408, 5xx, timeouts, I/O errors (reset, dropped connection) and 2xx answers whose
 * body is not complete, parsable JSON are retried with exponential backoff and jitter
 * ({@link RetryBackoff}), honouring {@code Retry-After}, up to {@link ClientSettings#retryAttempts()}
 * attempts in total; then {@link ApiUnavailableException}. 401/403 give {@link ApiAuthException} and other
 * 4xx (and {@code success:false}) {@link ApiRejectedException}, at once.
 *
 * <p><b>Rate limit.</b> The limiter is per client instance and shared by both endpoints and all threads.
 * <em>Every attempt</em>, retries included, takes one permit before it is sent, so the API never sees more
 * than {@code requestsPerSecond} requests per second from this instance. Permits are spread evenly (one
 * every {@code 1/requestsPerSecond} seconds, no bursts); a thread waits for its permit as long as needed.
 *
 * <p><b>Timeouts.</b> {@link ClientSettings#connectTimeout()} for the TCP connect;
 * {@link ClientSettings#readTimeout()} for the whole answer of one attempt: headers (by the JDK) and body
 * (by a watchdog that aborts a body that is still streaming when the time is up).
 *
 * <p><b>Secrets.</b> Tokens go into their header only. They never appear in exception messages or logs:
 * messages name the header and the env var/option that supplies it, and any text taken from the wire is
 * scrubbed of token values. Logging is at DEBUG only: method, path, page, status, attempt.
 *
 * <p><b>Interrupts.</b> An interrupt while waiting for a permit, an answer or a backoff stops at once with
 * {@link ApiInterruptedException}; the thread's interrupt flag stays set.
 */
public class HttpInboxClient implements InboxApi {

    public static final String LIST_PATH = "/inbox/direct/chats";
    public static final String LEAD_PATH = "/inbox/direct/lead";
    public static final String BOT_TOKEN_HEADER = "x-bot-token";
    public static final String BP_TOKEN_HEADER = "x-bp-token";

    static final String NO_READ_TOKEN = "no read token: set " + ApiCredentials.BOT_TOKEN_ENV + " or use --bot-token-file";
    static final String NO_WRITE_TOKEN = "no write token: set " + ApiCredentials.BP_TOKEN_ENV + " or use --bp-token-file";

    private static final Logger log = LoggerFactory.getLogger(HttpInboxClient.class);

    /** How much of an error body is kept (for the exception); the rest is discarded. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** Aborts bodies that outlive the read timeout. One daemon thread for all clients. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final ClientSettings settings;
    private final ApiCredentials credentials;
    private final String baseUrl;
    private final Duration readTimeout;
    private final HttpClient http;
    private final JsonMapper mapper;
    private final Retry retry;
    private final RateLimiter rateLimiter; // null = unlimited
    private final RetryBackoff backoff;

    public HttpInboxClient(ClientSettings settings, ApiCredentials credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = credentials == null ? ApiCredentials.none() : credentials;
        this.baseUrl = normaliseBaseUrl(settings.baseUrl());
        this.readTimeout = positiveOrNull(settings.readTimeout());
        int instance = INSTANCES.incrementAndGet();

        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("inbox-http-" + instance + "-"));
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        Duration connectTimeout = positiveOrNull(settings.connectTimeout());
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.http = builder.build();
        // we close (after draining) ourselves, so the connection can go back to the pool
        this.mapper = JsonMapper.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .addModule(new tools.jackson.module.blackbird.BlackbirdModule()).build(); // records without reflection

        this.backoff = new RetryBackoff(settings.retryInitialDelay(), settings.retryMaxDelay());
        IntervalBiFunction<Object> interval = (retryNumber, outcome) -> {
            Duration retryAfter = outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure failure
                    ? failure.retryAfter() : null;
            return backoff.delayMillis(retryNumber, retryAfter);
        };
        RetryConfig retryConfig = RetryConfig.custom()
                .maxAttempts(Math.max(1, settings.retryAttempts()))
                .retryOnException(e -> e instanceof RetryableFailure)
                .intervalBiFunction(interval)
                .build();
        this.retry = Retry.of("inbox-api-" + instance, retryConfig);

        if (settings.requestsPerSecond() > 0) {
            long periodNanos = Math.max(1L, Math.round(1_000_000_000d / settings.requestsPerSecond()));
            RateLimiterConfig limiterConfig = RateLimiterConfig.custom()
                    .limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                    .timeoutDuration(Duration.ofDays(1)) // wait for the turn, however long the queue
                    .build();
            this.rateLimiter = RateLimiter.of("inbox-api-" + instance, limiterConfig);
        } else {
            this.rateLimiter = null;
        }
    }

    // ------------------------------------------------------------------ endpoints

    @Override
    public ChatListing listChats(String botId, String customerId, ChatType type, int page) {
        return listChatsWithBody(botId, customerId, type, page).listing();
    }

    @Override
    public ListedChats listChatsWithBody(String botId, String customerId, ChatType type, int page) {
        Answer<ChatListing> answer = list(botId, customerId, type, page, body -> {
            ChatListing listing = mapper.readValue(body, ChatListing.class);
            if (listing != null && listing.data() == null && listing.success() == null) {
                throw new StreamReadException((JsonParser) null, ListedKeys.NOT_A_LISTING);
            }
            return listing;
        });
        ChatListing listing = answer.value();
        requireSuccess(listing.success(), listing.message());
        return new ListedChats(listing, answer.body());
    }

    @Override
    public ListedKeys listChatKeys(String botId, String customerId, ChatType type, int page) {
        Answer<ListedKeys.Scan> answer = list(botId, customerId, type, page, body -> ListedKeys.scan(mapper, body));
        requireSuccess(answer.value().success(), answer.value().message());
        return new ListedKeys(answer.value().keys(), answer.body());
    }

    private <T> Answer<T> list(String botId, String customerId, ChatType type, int page, BodyReader<T> reader) {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(type, "type");
        ApiToken token = credentials.botToken().orElseThrow(() -> new ApiAuthException(0, NO_READ_TOKEN));

        Map<String, String> query = new LinkedHashMap<>();
        query.put("botId", botId);
        query.put("customerId", customerId);
        query.put("page", Integer.toString(page));
        query.put("type", type.apiValue());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + LIST_PATH + "?" + encode(query)))
                .GET()
                .header(BOT_TOKEN_HEADER, token.reveal())
                .header("Accept", "application/json");
        Call call = new Call("GET", LIST_PATH, "page " + page + " (" + type.apiValue() + ")", page,
                BOT_TOKEN_HEADER, "read token", ApiCredentials.BOT_TOKEN_ENV, "--bot-token-file");
        return execute(call, timed(request).build(), reader);
    }

    /** A 200 answer saying {@code success: false} is a refusal, with the API's message. */
    private void requireSuccess(Boolean success, String message) {
        if (Boolean.FALSE.equals(success)) {
            throw new ApiRejectedException(200, redact(message == null ? "success: false" : message));
        }
    }

    @Override
    public ApiResponse updateLead(LeadUpdate update) {
        Objects.requireNonNull(update, "update");
        ApiToken token = credentials.bpToken().orElseThrow(() -> new ApiAuthException(0, NO_WRITE_TOKEN));

        byte[] body = mapper.writeValueAsBytes(update);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + LEAD_PATH))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header(BP_TOKEN_HEADER, token.reveal())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        Call call = new Call("PUT", LEAD_PATH, "uuid " + update.uuid(), -1,
                BP_TOKEN_HEADER, "write token", ApiCredentials.BP_TOKEN_ENV, "--bp-token-file");

        ApiResponse response = execute(call, timed(request).build(), parsed(ApiResponse.class)).value();
        requireSuccess(response.success(), response.message());
        return response;
    }

    // ------------------------------------------------------------------ retry around attempts

    /** What is being done, for messages and logs. Holds no secret. */
    private record Call(String method, String path, String what, int page,
                        String tokenHeader, String tokenName, String tokenEnv, String tokenOption) {
        String describe() {
            return method + " " + path + " " + what;
        }
    }

    /** A 2xx answer: its body parsed, and as sent. */
    private record Answer<T>(T value, byte[] body) {
    }

    /** Reads a 2xx body into what the caller wants; a {@link JacksonException} makes the attempt retryable. */
    private interface BodyReader<T> {
        T read(byte[] body);
    }

    private <T> BodyReader<T> parsed(Class<T> type) {
        return body -> mapper.readValue(body, type);
    }

    private <T> Answer<T> execute(Call call, HttpRequest request, BodyReader<T> reader) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return retry.executeCallable(() -> attempt(call, request, reader, attempts.incrementAndGet()));
        } catch (RetryableFailure last) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(call, last);
            }
            int n = attempts.get();
            throw new ApiUnavailableException(last.status(),
                    call.describe() + " failed after " + n + (n == 1 ? " attempt: " : " attempts: ") + last.getMessage(),
                    last);
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw interrupted(call, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // no checked exception other than InterruptedException is thrown by attempt()
            throw new ApiUnavailableException(0, call.describe() + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static ApiInterruptedException interrupted(Call call, Throwable cause) {
        return new ApiInterruptedException(call.describe() + " interrupted (stop requested)", cause);
    }

    /** One attempt: take a permit, send, classify the answer. */
    private <T> Answer<T> attempt(Call call, HttpRequest request, BodyReader<T> reader, int attempt) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before attempt " + attempt);
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted while waiting for a rate-limit permit");
            }
            throw new RetryableFailure(0, "no rate-limit permit in time", null, null);
        }
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            debug(call, attempt, "connect timeout");
            throw new RetryableFailure(0, "no connection within " + settings.connectTimeout().toMillis() + " ms", null, e);
        } catch (HttpTimeoutException e) {
            debug(call, attempt, "timeout");
            throw new RetryableFailure(0, "no answer within " + readTimeoutText()
                    + " (" + e.getClass().getSimpleName() + ")", null, e);
        } catch (IOException e) {
            debug(call, attempt, "I/O error");
            throw new RetryableFailure(0, "I/O error: " + describe(e), null, e);
        }

        int status = response.statusCode();
        debug(call, attempt, "HTTP " + status);
        if (status >= 200 && status < 300) {
            return readJson(response, reader, started);
        }
        if (status >= 300 && status < 400) {
            closeQuietly(response.body());
            throw new ApiRejectedException(status, "a redirect" + response.headers().firstValue("Location")
                    .map(HttpInboxClient::hostOf).map(host -> " to " + host).orElse("")
                    + ", not followed: the tokens go to the configured base URL only; check --base-url");
        }
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(backoff::parseRetryAfter);
        String text = readErrorText(response);
        if (status == 401 || status == 403) {
            // The body is not quoted: it is undocumented and might echo what we sent.
            throw new ApiAuthException(status, call.describe() + ": HTTP " + status + ", the API refused the "
                    + call.tokenName() + " sent as " + call.tokenHeader() + "; check " + call.tokenEnv()
                    + " or " + call.tokenOption());
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new RetryableFailure(status, "HTTP " + status + ": " + ApiRejectedException.abbreviate(text),
                    retryAfter.orElse(null), null);
        }
        throw new ApiRejectedException(status, text);
    }

    /** Reads a 2xx body and parses it into {@code type}; incomplete, unparsable or stalled bodies are retryable. */
    private <T> Answer<T> readJson(HttpResponse<InputStream> response, BodyReader<T> reader, long startedNanos) {
        int status = response.statusCode();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (InputStream in = response.body()) {
            ScheduledFuture<?> guard = null;
            if (readTimeout != null) {
                long remaining = readTimeout.toNanos() - (System.nanoTime() - startedNanos);
                guard = WATCHDOG.schedule(() -> {
                    timedOut.set(true);
                    closeQuietly(in);
                }, Math.max(remaining, 1L), TimeUnit.NANOSECONDS);
            }
            try {
                byte[] body = readAtMost(response, in); // the whole body: the connection goes back to the pool
                T value = reader.read(body);
                if (value == null) {
                    throw new RetryableFailure(status, "HTTP " + status + " with an empty JSON body (null)", null, null);
                }
                return new Answer<>(value, body);
            } finally {
                if (guard != null) {
                    guard.cancel(false);
                }
            }
        } catch (JacksonException e) {
            if (timedOut.get()) {
                throw new RetryableFailure(status, "HTTP " + status + " body not complete within " + readTimeoutText(),
                        null, e);
            }
            throw new RetryableFailure(status, "HTTP " + status + " with an unparsable JSON body: "
                    + redact(e.getOriginalMessage()), null, e);
        } catch (IOException e) {
            String why = timedOut.get() ? "body not complete within " + readTimeoutText() : "I/O error: " + describe(e);
            throw new RetryableFailure(status, "HTTP " + status + " " + why, null, e);
        }
    }

    /**
     * The whole body, refused as soon as it is known to be larger than {@link ClientSettings#maxAnswerBytes()}:
     * from its declared length before reading, else once that many bytes have come. A refusal is not retried:
     * the same page would be as large again.
     */
    private byte[] readAtMost(HttpResponse<InputStream> response, InputStream in) throws IOException {
        long limit = settings.maxAnswerBytes();
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > limit) {
            throw tooLarge(response.statusCode(), "of " + declared + " bytes");
        }
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw tooLarge(response.statusCode(), "");
        }
        return body;
    }

    private ApiRejectedException tooLarge(int status, String size) {
        return new ApiRejectedException(status, "an answer " + (size.isEmpty() ? "" : size + " ")
                + "larger than " + sizeText(settings.maxAnswerBytes()) + ", refused unread (--max-answer-size,"
                + " botbuddy.api.max-answer-size, raises the limit)");
    }

    private static String sizeText(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MB" : bytes % 1024 == 0 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    /** The scheme, host and port of a redirect's target (never its path or query), or the text as it came. */
    private static String hostOf(String location) {
        try {
            URI uri = URI.create(location.strip());
            return uri.getHost() == null ? "another path" : uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an address that is not a URL";
        }
    }

    /** Up to {@value #MAX_ERROR_BODY_BYTES} bytes of an error body, as text with tokens scrubbed. */
    private String readErrorText(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY_BYTES);
            return redact(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(body unreadable: " + describe(e) + ")";
        }
    }

    // ------------------------------------------------------------------ helpers

    private HttpRequest.Builder timed(HttpRequest.Builder request) {
        return readTimeout == null ? request : request.timeout(readTimeout);
    }

    private String readTimeoutText() {
        return readTimeout == null ? "the read timeout" : readTimeout.toMillis() + " ms";
    }

    private void debug(Call call, int attempt, String outcome) {
        if (log.isDebugEnabled()) {
            log.debug("{} {}{} attempt {}: {}", call.method(), call.path(),
                    call.page() >= 0 ? " page " + call.page() : "", attempt, outcome);
        }
    }

    /** An exception's class and message, with tokens scrubbed. */
    private String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + redact(message));
    }

    /** Replaces any configured token value in {@code text} by {@code ****}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (credentials.botToken().isPresent()) {
            result = result.replace(credentials.botToken().get().reveal(), "****");
        }
        if (credentials.bpToken().isPresent()) {
            result = result.replace(credentials.bpToken().get().reveal(), "****");
        }
        return result;
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String normaliseBaseUrl(String url) {
        String base = url == null || url.isBlank() ? ClientSettings.DEFAULT_BASE_URL : url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    private static Duration positiveOrNull(Duration d) {
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // aborting a stalled body: nothing to do
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemonThreads("inbox-http-watchdog-"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The settings this client was built with. */
    public ClientSettings settings() {
        return settings;
    }
}
