package com.botbuddy.batch.report;

import java.io.IOException;

/** What the report's writer threads ({@link ChatRowsThread}, {@link DeflatingThread}) do alike. */
final class WriterThreads {
    private WriterThreads() {
    }

    /** Throws, on the caller's thread, what a writer thread failed with ({@code null}: nothing failed). */
    static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    /** Interrupts a writer thread and waits up to 5 s for it to end, where its work is abandoned. */
    static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
