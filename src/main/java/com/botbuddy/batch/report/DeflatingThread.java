package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Raw deflate (as a zip entry holds it) on a thread of its own: the writer fills a buffer, hands it over
 * ({@link #deflate}) and goes on filling the next one while this thread takes the CRC-32 and deflates the last.
 * On the Chats sheet, deflating the XML costs more than writing it; apart, the two run on two cores where the
 * machine has them.
 * <p>
 * A fixed set of {@link #BUFFERS} buffers goes round between the two threads, so memory stays flat and the
 * writer waits when the deflater is behind. A failure on the deflating thread surfaces on the writer's next call.
 */
final class DeflatingThread implements AutoCloseable {
    /** Bytes a buffer holds before it is handed over. */
    static final int CHUNK = 1 << 18;
    /** Buffers going round: one being filled, one being deflated, and one waiting either side. */
    private static final int BUFFERS = 4;

    /** A filled buffer: its first {@code length} bytes are data; {@code null} data ends the stream. */
    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(null, 0);

    private final OutputStream out;
    private final String what;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread thread;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] deflated = new byte[1 << 16];
    private long size;
    private volatile Throwable failure;
    private boolean ended;

    /**
     * @param out where the deflated bytes go; closed when the stream ends
     * @param what the part being deflated, for the thread's name and messages
     */
    DeflatingThread(OutputStream out, String what) {
        this.out = out;
        this.what = what;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[CHUNK]);
        }
        this.thread = new Thread(this::run, "deflate-" + what);
        thread.setDaemon(true);
        thread.start();
    }

    /** An empty buffer to fill, waiting while every buffer is taken. */
    byte[] buffer() throws IOException {
        while (true) {
            rethrow();
            try {
                byte[] buffer = free.poll(100, TimeUnit.MILLISECONDS);
                if (buffer != null) {
                    return buffer;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while deflating " + what, e);
            }
            requireAlive();
        }
    }

    /** Hands over a buffer from {@link #buffer}: its first {@code length} bytes are deflated next. */
    void deflate(byte[] buffer, int length) throws IOException {
        put(new Chunk(buffer, length));
    }

    /** Ends the stream after the buffers handed over, waits until all of it is written and closes {@code out}. */
    Result finish() throws IOException {
        put(END);
        ended = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deflating " + what, e);
        }
        rethrow();
        return new Result(crc.getValue(), size);
    }

    /** What {@link #finish} leaves: the CRC-32 and size of the bytes handed over. */
    record Result(long crc, long size) {
    }

    private void put(Chunk chunk) throws IOException {
        if (ended) {
            throw new IllegalStateException(what + " is already deflated");
        }
        try {
            while (!filled.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
                requireAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deflating " + what, e);
        }
    }

    private void run() {
        try (OutputStream target = out) {
            for (Chunk chunk = filled.take(); chunk != END; chunk = filled.take()) {
                crc.update(chunk.data(), 0, chunk.length());
                size += chunk.length();
                deflater.setInput(chunk.data(), 0, chunk.length());
                while (!deflater.needsInput()) {
                    drain(target);
                }
                free.add(chunk.data());
            }
            deflater.finish();
            while (!deflater.finished()) {
                drain(target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            deflater.end();
        }
    }

    private void drain(OutputStream target) throws IOException {
        int n = deflater.deflate(deflated, 0, deflated.length, Deflater.NO_FLUSH);
        if (n > 0) {
            target.write(deflated, 0, n);
        }
    }

    private void requireAlive() throws IOException {
        if (!thread.isAlive()) {
            rethrow();
            throw new IOException("the deflater of " + what + " stopped");
        }
    }

    private void rethrow() throws IOException {
        WriterThreads.rethrow(failure);
    }

    /** Stops the thread where it is (the stream is abandoned) and closes {@code out}. */
    @Override
    public void close() {
        WriterThreads.stop(thread);
    }
}
