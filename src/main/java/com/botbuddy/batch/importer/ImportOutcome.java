package com.botbuddy.batch.importer;

/** The {@code outcome} column of results.csv. */
public final class ImportOutcome {
    /** The API accepted the update. */
    public static final String UPDATED = "updated";
    /** Invalid in the file (never sent), or the API answered 400 / success:false. */
    public static final String REJECTED = "rejected";
    /** The API stayed unavailable through every retry. A restart of a failed run sends these rows again. */
    public static final String FAILED = "failed";
    /**
     * Not sent: the row carries an {@code updated_at} older than the live chat's (someone edited the chat since the
     * export), or its chat is missing from the live listing. The reason names the fields that differ.
     * {@code --overwrite-newer} sends such rows anyway.
     */
    public static final String CONFLICT = "conflict";
    /** Dry run: valid, would have been sent (see requests.jsonl). */
    public static final String DRY_RUN = "unchanged-dry-run";
    /** Only in the results of a run that stopped (FAILED) before sending this valid row. */
    public static final String NOT_SENT = "not-sent";

    private ImportOutcome() {
    }
}
