package com.botbuddy.batch.client;

/** A retryable failure (429, 5xx, timeout, reset, unparsable body) that persisted through every attempt. */
public class ApiUnavailableException extends ApiException {
    public ApiUnavailableException(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
