package com.botbuddy.batch.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Feeds chat rows to one writer ({@code chats.csv} or the Chats sheets) from a thread of its own, so the
 * report's writers and the reading of the staged chats run side by side on as many cores as there are.
 * Rows are handed over {@link #BATCH} at a time, so that the threads do not wake each other (and the kernel)
 * for every row. The queue is bounded, so memory stays flat; a failure on the
 * writer thread surfaces on the next call.
 */
final class ChatRowsThread implements AutoCloseable {
    /** Where the rows go. */
    @FunctionalInterface
    interface Writer {
        /** One chat's cells, as {@link ChatColumn#cells} gave them (shared by the writers, never changed). */
        void add(String[] cells) throws IOException;
    }

    /** Rows a hand-over carries. */
    static final int BATCH = 256;
    private static final List<String[]> END = List.of();

    private final Writer writer;
    private final String what;
    /**
     * Hand-overs waiting for the writer. The reading thread and the Chats sheet's writer run at about the same
     * speed, so that queue fills at times, and every full slot is 256 chats (about 1 MB) the heap holds: a few
     * slots keep both busy, and more only raise the live heap.
     */
    private final BlockingQueue<List<String[]>> queue = new ArrayBlockingQueue<>(3);
    private List<String[]> batch = new ArrayList<>(BATCH);
    private final Thread thread;
    private volatile Throwable failure;

    /** @param what the file the rows go to, for thread names and messages ({@code chats.csv}) */
    ChatRowsThread(String what, Writer writer) {
        this.writer = writer;
        this.what = what;
        this.thread = new Thread(this::drain, "write-" + what);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain() {
        try {
            for (List<String[]> rows = queue.take(); rows != END; rows = queue.take()) {
                for (String[] cells : rows) {
                    writer.add(cells);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    void add(String[] cells) throws IOException {
        batch.add(cells);
        if (batch.size() == BATCH) {
            handOver();
        }
    }

    private void handOver() throws IOException {
        rethrow();
        List<String[]> rows = batch;
        batch = new ArrayList<>(BATCH);
        try {
            while (!queue.offer(rows, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IOException("the writer of " + what + " stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + what, e);
        }
    }

    /** Waits until every queued chat is written. */
    void awaitAll() throws IOException {
        if (!batch.isEmpty()) {
            handOver();
        }
        try {
            if (thread.isAlive()) {
                queue.put(END);
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + what, e);
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        WriterThreads.rethrow(failure);
    }

    @Override
    public void close() {
        WriterThreads.stop(thread);
    }
}
