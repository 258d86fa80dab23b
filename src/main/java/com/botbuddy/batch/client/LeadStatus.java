package com.botbuddy.batch.client;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The six statuses, in the API's spelling (note {@code DEPENDANCY}). */
public enum LeadStatus {
    OPEN, INPROGRESS, REVIEW, ONHOLD, DEPENDANCY, CLOSED;

    private static final Map<String, LeadStatus> SPELLINGS = new HashMap<>();
    static {
        for (LeadStatus s : values()) {
            SPELLINGS.put(s.name(), s);
        }
        SPELLINGS.put("DEPENDENCY", DEPENDANCY);
        SPELLINGS.put("HOLD", ONHOLD);
        SPELLINGS.put("INREVIEW", REVIEW);
        SPELLINGS.put("CLOSE", CLOSED);
    }

    /**
     * The status a person or the API meant: case, spaces, {@code _} and {@code -} ignored, and the common
     * spellings ({@code Dependency}, {@code on hold}, {@code in review}, {@code close}) accepted. {@code null}
     * when the text is blank or names no status. The one place such spellings are known.
     */
    public static LeadStatus parseLenient(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        LeadStatus exact = SPELLINGS.get(text); // the API's own spelling: no regex for a million listed chats
        if (exact != null) {
            return exact;
        }
        return SPELLINGS.get(text.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-]+", ""));
    }
}
