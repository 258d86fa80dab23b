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

    /**
     * The API's own shape, {@code 2023-02-01T05:59:03.533Z} (milliseconds optional), read without the
     * general parser: a million-chat report reads four of these per chat. {@code null} for any other shape
     * or an impossible date, so the general parser decides.
     */
    static Instant parseUtcMillis(String v) {
        int n = v.length();
        if ((n != 20 && n != 24) || v.charAt(4) != '-' || v.charAt(7) != '-' || v.charAt(10) != 'T'
                || v.charAt(13) != ':' || v.charAt(16) != ':' || v.charAt(n - 1) != 'Z'
                || (n == 24 && v.charAt(19) != '.')) {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 2);
        int day = digits(v, 8, 2);
        int hour = digits(v, 11, 2);
        int minute = digits(v, 14, 2);
        int second = digits(v, 17, 2);
        int millis = n == 24 ? digits(v, 20, 3) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || millis < 0 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
    }

    private static int digits(String v, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The instant, or {@code null} when the text is missing or not an ISO-8601 date-time. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        Instant fast = parseUtcMillis(value);
        if (fast != null) {
            return fast;
        }
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
