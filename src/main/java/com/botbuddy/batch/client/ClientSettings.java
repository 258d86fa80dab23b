package com.botbuddy.batch.client;

import java.time.Duration;

/**
 * How the client talks to the API.
 *
 * @param baseUrl            e.g. {@code https://api.v7.express-chat.ai} (no trailing slash needed)
 * @param connectTimeout     TCP connect timeout
 * @param readTimeout        per-request timeout for the whole answer
 * @param retryAttempts      total attempts per request for retryable failures (1 = no retry)
 * @param retryInitialDelay  first backoff delay; doubles each attempt, with jitter
 * @param retryMaxDelay      cap on any single wait, including a server's {@code Retry-After}
 * @param requestsPerSecond  client-wide rate limit; 0 means unlimited (a negative one is refused)
 * @param maxAnswerBytes     the largest answer body read; a larger one is refused, never held in memory
 */
public record ClientSettings(
        String baseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int retryAttempts,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        double requestsPerSecond,
        long maxAnswerBytes) {

    public static final String DEFAULT_BASE_URL = "https://api.v7.express-chat.ai";
    /** A page of 50 chats is tens of kilobytes; this leaves room for chats with very long notes. */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 32L << 20;
    /** The most an answer may be: it is read into one array. */
    public static final long MAX_ANSWER_BYTES_LIMIT = Integer.MAX_VALUE - 16;

    public static ClientSettings defaults(String baseUrl) {
        return new ClientSettings(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Duration.ofMillis(200), Duration.ofSeconds(30), 0, DEFAULT_MAX_ANSWER_BYTES);
    }

    public ClientSettings withBaseUrl(String url) {
        return new ClientSettings(url, connectTimeout, readTimeout, retryAttempts, retryInitialDelay, retryMaxDelay,
                requestsPerSecond, maxAnswerBytes);
    }

    public ClientSettings withRequestsPerSecond(double rate) {
        return new ClientSettings(baseUrl, connectTimeout, readTimeout, retryAttempts, retryInitialDelay, retryMaxDelay,
                rate, maxAnswerBytes);
    }
}
