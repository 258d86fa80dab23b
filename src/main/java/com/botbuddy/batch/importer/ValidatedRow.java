package com.botbuddy.batch.importer;

import java.util.List;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

/**
 * A data row after validation: the update body to send, or the reason it is rejected. {@code uuid} is the row's
 * well-formed uuid (also for a rejected row, so later rows with the same uuid are duplicates) or {@code null}.
 * {@code cells} are the original (unguarded) cells, kept for the rejected file. {@code updatedAtMs} is the row's
 * {@code updated_at} (epoch milliseconds) when it carries one, for the conflict check; {@code type} the row's
 * {@code type} cell when it names a listing, so the live read pages only the listings the rows can be in.
 */
public record ValidatedRow(int rowNo, String uuid, LeadUpdate body, String reason, List<String> cells, Long updatedAtMs,
        ChatType type) {

    public ValidatedRow(int rowNo, String uuid, LeadUpdate body, String reason, List<String> cells) {
        this(rowNo, uuid, body, reason, cells, null, null);
    }

    public boolean valid() {
        return body != null;
    }

    public ValidatedRow reject(String why) {
        return new ValidatedRow(rowNo, uuid, null, why, cells, updatedAtMs, type);
    }
}
