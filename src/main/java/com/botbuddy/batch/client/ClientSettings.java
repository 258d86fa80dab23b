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
 */
public record ClientSettings(
        String baseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int retryAttempts,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        double requestsPerSecond) {

    public static final String DEFAULT_BASE_URL = "https://api.v7.express-chat.ai";

    public static ClientSettings defaults(String baseUrl) {
        return new ClientSettings(baseUrl, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Duration.ofMillis(200), Duration.ofSeconds(30), 0);
    }

    public ClientSettings withBaseUrl(String url) {
        return new ClientSettings(url, connectTimeout, readTimeout, retryAttempts, retryInitialDelay, retryMaxDelay,
                requestsPerSecond);
    }

    public ClientSettings withRequestsPerSecond(double rate) {
        return new ClientSettings(baseUrl, connectTimeout, readTimeout, retryAttempts, retryInitialDelay, retryMaxDelay,
                rate);
    }
}
