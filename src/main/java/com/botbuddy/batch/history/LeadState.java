package com.botbuddy.batch.history;

import java.util.Objects;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadStatus;

/**
 * What the history keeps of one lead as one export saw it.
 *
 * @param leadId      the chat's key ({@code _id}, else {@code uuid})
 * @param status      the status's name ({@link LeadStatus}), {@value #UNKNOWN} for a non-blank text that names
 *                    no status, {@code null} when blank
 * @param agentId     the assigned agent, {@code null} when none
 * @param contactable the funnel's definition ({@link Chat#isContactable()})
 */
public record LeadState(String leadId, String status, String agentId, boolean contactable) {
    public static final String UNKNOWN = "UNKNOWN";
    /** The longest lead id and agent id the tables hold ({@link HistoryTables}). */
    static final int MAX_ID = 1000;

    public LeadState {
        Objects.requireNonNull(leadId, "leadId");
        agentId = agentId == null || agentId.isBlank() ? null
                : agentId.length() > MAX_ID ? agentId.substring(0, MAX_ID) : agentId;
    }

    /**
     * The lead as a listing sent it; {@code null} when it has no key (nothing to follow it by) or one longer than
     * {@value #MAX_ID} characters (no real id is). An agent id that long is cut to its first {@value #MAX_ID}.
     */
    public static LeadState of(Chat chat) {
        return of(chat.key(), chat.status(), chat.agentAssigned(), chat.isContactable());
    }

    /** As {@link #of(Chat)}, from a lead's texts (a {@code chats.csv} row). */
    public static LeadState of(String key, String statusText, String agentId, boolean contactable) {
        if (key == null || key.isBlank() || key.length() > MAX_ID) {
            return null;
        }
        return new LeadState(key, status(statusText), agentId, contactable);
    }

    /** The status as the history keeps it: the lenient parse's name, {@value #UNKNOWN}, or {@code null} when blank. */
    public static String status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        LeadStatus parsed = LeadStatus.parseLenient(text);
        return parsed == null ? UNKNOWN : parsed.name();
    }
}
