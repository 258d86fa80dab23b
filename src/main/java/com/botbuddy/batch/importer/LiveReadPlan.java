package com.botbuddy.batch.importer;

import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.importer.ImportStaging.LiveNeeds;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * Decides, once per import (a restart keeps the decision), whether the live chats are read and from which listings,
 * and notes it in the job context ({@value #LIVE_READ}, {@value #LIVE_NOTE}) for the send step and the results.
 * <ul>
 * <li>Rows that carry {@code updated_at}, without {@code --overwrite-newer}: the read is required (the conflict
 *     check); with no read token, or no {@code --bot-id}/{@code --customer-id} to list, the import stops before
 *     sending anything (a dry run goes on, saying the rows were not checked).</li>
 * <li>Otherwise the read is made when it can be (a read token and the ids): it gives the undo file and the dry
 *     run's changes the values before. When it cannot, they say so.</li>
 * <li>Listings: only {@code lead} when every valid row's {@code type} says lead, only {@code non-lead} likewise;
 *     both when any row has no type or they are mixed.</li>
 * </ul>
 */
public class LiveReadPlan {
    public static final String LIVE_READ = "import.liveRead";
    public static final String LIVE_NOTE = "import.liveNote";

    private final ImportStaging staging;
    private final long instanceId;
    private final ImportParameters params;
    private final boolean readToken;
    private final ExecutionContext job;

    public LiveReadPlan(ImportStaging staging, long instanceId, ImportParameters params, boolean readToken,
            ExecutionContext job) {
        this.staging = staging;
        this.instanceId = instanceId;
        this.params = params;
        this.readToken = readToken;
        this.job = job;
    }

    /** The listings to read, in order; empty when the live chats are not read (the reason is in the job context). */
    public List<ChatType> decide() {
        LiveNeeds needs = staging.liveNeeds(instanceId);
        boolean check = !params.overwriteNewer() && needs.withUpdatedAt() > 0;
        if (needs.valid() == 0) {
            return skip("no valid rows: the live chats were not read");
        }
        String missing = !readToken ? "the read token (set BOTBUDDY_BOT_TOKEN or pass --bot-token-file)"
                : params.botId().isEmpty() || params.customerId().isEmpty()
                        ? "--bot-id and --customer-id (the listing to read)" : null;
        if (missing != null) {
            if (check && !params.dryRun()) {
                throw new InvalidInputException(needs.withUpdatedAt() + " row(s) carry updated_at, so the import checks"
                        + " them against the live chats before sending, which needs " + missing
                        + "; or pass --overwrite-newer to send them unchecked. Nothing was sent");
            }
            return skip("the live chats were not read (no " + missing + ")"
                    + (check ? ": the rows' updated_at were not checked" : "")
                    + "; the values before the import are unknown, so there is no undo file and changes.csv cannot"
                    + " say what they are now");
        }
        List<ChatType> types = needs.untyped() > 0 || (needs.leads() > 0 && needs.nonLeads() > 0)
                ? List.of(ChatType.LEAD, ChatType.NON_LEAD)
                : needs.leads() > 0 ? List.of(ChatType.LEAD) : List.of(ChatType.NON_LEAD);
        job.put(LIVE_READ, Boolean.TRUE);
        job.putString(LIVE_NOTE, "the live chats were read from the "
                + String.join(" and ", types.stream().map(ChatType::apiValue).toList()) + " listing"
                + (types.size() > 1 ? "s" : "") + (check ? "; rows carrying updated_at were checked against them"
                        : params.overwriteNewer() ? "; --overwrite-newer: rows were sent without the check" : ""));
        return types;
    }

    private List<ChatType> skip(String note) {
        job.put(LIVE_READ, Boolean.FALSE);
        job.putString(LIVE_NOTE, note);
        return List.of();
    }

    /** Whether the job context says the snapshot was taken. */
    public static boolean taken(ExecutionContext job) {
        Object value = job.get(LIVE_READ);
        return Boolean.TRUE.equals(value);
    }
}
