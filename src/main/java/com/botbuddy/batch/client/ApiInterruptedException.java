package com.botbuddy.batch.client;

/**
 * The calling thread was interrupted (for example a Spring Batch stop) while waiting for a permit, an
 * answer or a retry backoff. The interrupt flag is set again before this is thrown, so the caller's own
 * interruption checks still see it. Not a failure of the API: nothing is retried after it.
 */
public class ApiInterruptedException extends ApiException {
    public ApiInterruptedException(String message, Throwable cause) {
        super(0, message, cause);
    }
}
