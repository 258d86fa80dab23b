package com.botbuddy.batch.client;

import java.util.Objects;

/** A secret token. {@link #toString()} never shows it; only the client reads {@link #reveal()}. */
public final class ApiToken {
    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    public static ApiToken of(String value) {
        Objects.requireNonNull(value, "token");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("token is empty");
        }
        return new ApiToken(trimmed);
    }

    /** The raw value, for the HTTP header only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
