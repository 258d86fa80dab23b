package com.botbuddy.batch.report;

import com.botbuddy.batch.client.LeadStatus;

/** Reads a listing's status text into a {@link LeadStatus}, tolerating case, blanks and common spellings. */
final class StatusNames {
    private StatusNames() {
    }

    /** The status, or {@code null} when the text is blank or names no known status. */
    static LeadStatus parse(String text) {
        return LeadStatus.parseLenient(text);
    }
}
