package com.botbuddy.batch.client;

/** Base of the client's typed failures. Messages never contain a token. */
public abstract class ApiException extends RuntimeException {
    private final int status;

    protected ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the last answer, or 0 when there was none (timeout, connection reset). */
    public int status() {
        return status;
    }
}
