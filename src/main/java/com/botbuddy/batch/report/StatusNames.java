package com.botbuddy.batch.report;

import java.util.Locale;

import com.botbuddy.batch.client.LeadStatus;

/** Reads a listing's status text into a {@link LeadStatus}, tolerating case, blanks and common spellings. */
final class StatusNames {
    private StatusNames() {
    }

    /** The status, or {@code null} when the text is blank or names no known status. */
    static LeadStatus parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String squeezed = text.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
        if (squeezed.equals("DEPENDENCY")) {
            return LeadStatus.DEPENDANCY;
        }
        for (LeadStatus status : LeadStatus.values()) {
            if (status.name().equals(squeezed)) {
                return status;
            }
        }
        return null;
    }
}
