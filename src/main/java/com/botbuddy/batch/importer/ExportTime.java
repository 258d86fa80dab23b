package com.botbuddy.batch.importer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.apache.poi.ss.usermodel.DateUtil;

/**
 * Reads the {@code updated_at} a row was exported with, to the millisecond. {@code chats.csv} holds the API's ISO
 * instant ({@code 2026-12-01T10:15:30.123Z}); the Chats sheet holds a date-time cell in UTC, which the XLSX reader
 * gives as an ISO local date-time ({@code 2026-12-01T10:15:30.123}, seconds and milliseconds left out when zero);
 * a sheet that lost the cell's date format gives the bare date serial ({@code 46357.4274320949}), read in the 1900
 * date system. Both spreadsheet forms are UTC, as the export writes them. Sub-millisecond digits are dropped, so the
 * CSV and the XLSX of one export compare equal.
 */
final class ExportTime {
    /** Date serials from 1970 to 2200: a bare number outside this is not taken for a date. */
    private static final double MIN_SERIAL = 25_569;
    private static final double MAX_SERIAL = 109_574;

    private ExportTime() {
    }

    /**
     * @return epoch milliseconds
     * @throws IllegalArgumentException when the text is no date-time of those shapes
     */
    static long parseMillis(String text) {
        String value = text.strip();
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        if (value.matches("[0-9]+(\\.[0-9]+)?")) {
            double serial = new BigDecimal(value).doubleValue();
            if (serial >= MIN_SERIAL && serial <= MAX_SERIAL) {
                return DateUtil.getLocalDateTime(serial, false, false).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
        throw new IllegalArgumentException("updated_at '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value)
                + "' is not a date-time (expected it as the export wrote it, e.g. 2026-12-01T10:15:30.123Z)");
    }

    /** Epoch milliseconds as the API writes instants: {@code 2026-12-01T10:15:30.123Z}. */
    static String format(long epochMs) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .format(Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC));
    }
}
