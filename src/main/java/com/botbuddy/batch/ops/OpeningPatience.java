package com.botbuddy.batch.ops;

import java.sql.SQLException;

/**
 * How long a process keeps trying to open the embedded repository while other processes open, close or hold it for
 * a moment: up to {@link #PATIENCE_MS}, with pauses that grow from 5 to 100 ms between the attempts.
 */
final class OpeningPatience {
    static final long PATIENCE_MS = 60_000;

    private final long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
    private long pause = 5;

    /** Whether the patience is spent. */
    boolean spent() {
        return System.nanoTime() > deadline;
    }

    /** Waits before the next attempt. */
    void pause() throws SQLException {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while opening the job repository", e);
        }
        pause = Math.min(pause * 2, 100);
    }
}
