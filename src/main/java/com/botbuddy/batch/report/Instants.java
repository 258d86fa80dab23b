package com.botbuddy.batch.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads the API's instants leniently; the reports otherwise keep them as the API sent them. */
final class Instants {
    private Instants() {
    }

    /** The instant, or {@code null} when the text is missing or not an ISO-8601 date-time. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
