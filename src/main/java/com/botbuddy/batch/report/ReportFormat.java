package com.botbuddy.batch.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The file formats an export can write; {@code run.json} is always written. */
public enum ReportFormat {
    /** {@code chats.csv}, {@code funnel.csv}, {@code status.csv}, {@code agents.csv}, {@code daily.csv}. */
    CSV,
    /** {@code report.xlsx}. */
    XLSX,
    /** {@code report.html}: the facts, charts and tables of one run in a page that works offline. */
    HTML;

    private static final String EXPECTED = "csv, xlsx, html or a list such as csv,xlsx,html";

    /**
     * Parses a comma separated list such as {@code csv,xlsx,html} (case and blanks ignored).
     *
     * @throws IllegalArgumentException on an unknown or empty list
     */
    public static Set<ReportFormat> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("no report format given (expected " + EXPECTED + ")");
        }
        Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String part : list.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            try {
                formats.add(valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown report format '" + name + "' (expected " + EXPECTED + ")", e);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no report format given (expected " + EXPECTED + ")");
        }
        return formats;
    }
}
