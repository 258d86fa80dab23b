package com.botbuddy.batch.client;

/** 401/403: the API refused our token (or none was configured). Never retried; the job stops, exit 3. */
public class ApiAuthException extends ApiException {
    public ApiAuthException(int status, String message) {
        super(status, message, null);
    }
}
