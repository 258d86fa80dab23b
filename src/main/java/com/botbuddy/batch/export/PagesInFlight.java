package com.botbuddy.batch.export;

/**
 * The page requests on their way: a local reader's own, or a worker's over every partition it runs at once. A
 * request waits while as many as its own listing's {@code --concurrency} are in flight, so a worker running two
 * partitions still sends no more than that at a time: the second partition only fills what the first leaves idle while it ends (its
 * last pages, its empty page, its commit and the next request's start). A semaphore holds one fixed count; this
 * gate takes each request's own limit, because partitions of runs with another {@code --concurrency} may meet on
 * one worker.
 */
public final class PagesInFlight {
    private int inFlight;

    /** Waits until fewer than {@code limit} requests are in flight, then counts this one. */
    public synchronized void acquire(int limit) throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
        inFlight++;
    }

    /** This request is back (answered, failed or cancelled). */
    public synchronized void release() {
        inFlight--;
        notifyAll();
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
