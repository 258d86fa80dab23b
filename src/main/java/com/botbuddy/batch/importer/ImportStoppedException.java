package com.botbuddy.batch.importer;

/**
 * The import stopped itself during sending (too many rows rejected or failed). The job ends FAILED and can be
 * restarted: rows already recorded are not sent again.
 */
public class ImportStoppedException extends RuntimeException {
    public ImportStoppedException(String message) {
        super(message);
    }
}
