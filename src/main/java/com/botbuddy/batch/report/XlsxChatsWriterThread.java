package com.botbuddy.batch.report;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Feeds the Chats sheet from its own thread, so the workbook (the costliest part of a report) is written
 * while the caller reads the next chats and writes the CSV: on two cores the two run side by side.
 * The queue is bounded, so memory stays flat; a failure on the writer thread surfaces on the next call.
 */
final class XlsxChatsWriterThread implements AutoCloseable {
    /** A chat and its cells (as {@link ChatCells#of} gave them). */
    record Row(TypedChat chat, String[] cells) {
    }

    private static final Row END = new Row(null, null);

    private final XlsxReport xlsx;
    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(2048);
    private final Thread thread;
    private volatile Throwable failure;

    XlsxChatsWriterThread(XlsxReport xlsx) {
        this.xlsx = xlsx;
        this.thread = new Thread(this::drain, "xlsx-chats");
        thread.setDaemon(true);
        thread.start();
    }

    private void drain() {
        try {
            for (Row row = queue.take(); row != END; row = queue.take()) {
                xlsx.add(row.chat(), row.cells());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    void add(Row chat) throws IOException {
        rethrow();
        try {
            while (!queue.offer(chat, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
                if (!thread.isAlive()) {
                    throw new IOException("the XLSX writer stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the XLSX report", e);
        }
    }

    /** Waits until every queued chat is in the sheet. */
    void awaitAll() throws IOException {
        try {
            if (thread.isAlive()) {
                queue.put(END);
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the XLSX report", e);
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
