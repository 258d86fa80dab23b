package com.botbuddy.batch.client;

import java.time.Duration;

/**
 * Internal: one attempt failed in a way worth retrying (429, 408, 5xx, timeout, I/O error, unparsable body).
 * Never escapes the client: after the last attempt it becomes the cause of an {@link ApiUnavailableException}.
 * The message never holds a token (texts from the wire are redacted before they get here).
 */
final class RetryableFailure extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    RetryableFailure(int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, true);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** The server's Retry-After, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
