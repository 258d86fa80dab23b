package com.botbuddy.batch.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The file formats an export can write; {@code run.json} is always written. */
public enum ReportFormat {
    /** {@code chats.csv}, {@code funnel.csv}, {@code status.csv}, {@code agents.csv}, {@code daily.csv}. */
    CSV,
    /** {@code report.xlsx}. */
    XLSX;

    /**
     * Parses a comma separated list such as {@code csv,xlsx} (case and blanks ignored).
     *
     * @throws IllegalArgumentException on an unknown or empty list
     */
    public static Set<ReportFormat> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("no report format given (expected csv, xlsx or csv,xlsx)");
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
                throw new IllegalArgumentException("unknown report format '" + name + "' (expected csv or xlsx)", e);
            }
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("no report format given (expected csv, xlsx or csv,xlsx)");
        }
        return formats;
    }
}
