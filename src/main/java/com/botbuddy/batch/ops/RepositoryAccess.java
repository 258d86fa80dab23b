package com.botbuddy.batch.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How any number of processes share one embedded H2 job repository, started and ended in any order.
 * <p>
 * H2 lets several processes use one database file through AUTO_SERVER: the process that opens the file serves it
 * to the others over a local TCP port, and when that process ends, every other process's session to it is closed;
 * one caught inside a transaction loses it (a running export died with "Connection is broken"). A session that is
 * idle reconnects by itself, and the first process to reconnect opens the file and serves it in turn. So what must
 * never happen is that the serving process goes away while another process is inside a transaction, and that is
 * what this class prevents, with two operating-system locks on {@code botbuddy.access} in the home (locks that the
 * system drops when a process ends, however it ends):
 * <ul>
 * <li><b>use</b> (shared): held by a process for as long as any of its threads holds a connection;</li>
 * <li><b>gate</b>: passed (taken shared and let go) before a thread takes a connection, unless it holds one.</li>
 * </ul>
 * A process that serves the file and is about to end takes the gate and then the use lock exclusively: no other
 * process can start a transaction, and every transaction already started has ended. Then it ends (H2 closes the
 * file on the way out) and the system lets the others through, to reconnect. No process outlives its command, and
 * none serves longer than it would anyway; ending waits at most for the others' transactions under way, which are
 * short (a chunk of pages). The short commands ({@code jobs}, {@code stop}) take no part: they never serve the file
 * ({@link H2ClientConnector}), so nothing waits for them and they wait for no one.
 * <p>
 * The locks are taken with {@code tryLock} and short sleeps: a blocking {@code lock} can be interrupted, which
 * closes the channel and with it every lock of the process on the file. One channel per file and process, kept
 * open: on POSIX systems closing any channel on a file drops all of the process's locks on it.
 */
public final class RepositoryAccess {
    private static final long GATE = 0;
    private static final long USE = 1;
    private static final long SCHEMA = 2;
    /** How long a thread of a process already inside a transaction waits at a closed gate before it goes on. */
    static final long GATE_PATIENCE_MS = 2_000;
    private static final Map<Path, RepositoryAccess> BY_FILE = new ConcurrentHashMap<>();
    /** The name H2 gives the thread that keeps its lock on a database file this process has open. */
    private static final String H2_WATCHDOG = "H2 File Lock Watchdog ";

    private final Path file;
    private final Path database;
    private final Object gate = new Object();
    private final Object schema = new Object();
    /** Connections the current thread holds. */
    private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);
    private FileChannel channel;
    private FileLock use;
    private int users;

    private RepositoryAccess(Path file, Path database) {
        this.file = file;
        this.database = database;
    }

    /** The access of the embedded repository in {@code home}, one per home and process. */
    public static RepositoryAccess of(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return BY_FILE.computeIfAbsent(h, k -> new RepositoryAccess(k.resolve(EmbeddedHome.ACCESS),
                k.resolve(EmbeddedHome.DATABASE)));
    }

    /**
     * Called before a thread takes a connection. A thread that holds one already goes on (it is inside a transaction
     * the serving process waits for). Any other passes the gate, waiting while a serving process ends: at most
     * {@link #GATE_PATIENCE_MS} when this process is inside a transaction on another thread (that thread may be
     * waiting for this one), for as long as it takes otherwise. The first connection of the process takes the use
     * lock, the last one given back lets it go ({@link #leave}).
     */
    public void enter() {
        int[] mine = held.get();
        if (mine[0] > 0) {
            synchronized (this) {
                users++;
            }
            mine[0]++;
            return;
        }
        synchronized (gate) {
            boolean inside;
            synchronized (this) {
                inside = users > 0;
            }
            long deadline = inside ? System.nanoTime() + GATE_PATIENCE_MS * 1_000_000 : Long.MAX_VALUE;
            release(await(GATE, true, () -> System.nanoTime() > deadline));
            boolean first;
            synchronized (this) {
                first = users == 0;
                if (!first) {
                    users++;
                }
            }
            if (first) {
                FileLock taken = await(USE, true, () -> false);
                synchronized (this) {
                    use = taken;
                    users = 1;
                }
            }
        }
        mine[0]++;
    }

    /** Called when a connection is given back: the last one of the process lets the use lock go. */
    public void leave() {
        int[] mine = held.get();
        if (mine[0] > 0) {
            mine[0]--;
        }
        synchronized (this) {
            if (users == 0) {
                return;
            }
            if (--users == 0) {
                release(use);
                use = null;
            }
        }
    }

    /**
     * Called last, before the process exits: if this process serves the database file to others, waits until no
     * other process is inside a transaction and keeps them out, so that H2 closing the file on exit breaks none of
     * them. The locks go with the process. {@code waiting} is told once if that takes more than a moment.
     */
    public void closeForExit(Runnable waiting) {
        if (!servesDatabase()) {
            return;
        }
        synchronized (gate) {
            long start = System.nanoTime();
            boolean[] told = { false };
            BooleanSupplier tell = () -> {
                if (!told[0] && System.nanoTime() - start > 2_000_000_000L) {
                    told[0] = true;
                    waiting.run();
                }
                return false;
            };
            await(GATE, false, tell);
            synchronized (this) {
                if (use != null) {
                    release(use); // a connection of this process not given back: the process is ending anyway
                    use = null;
                    users = 0;
                }
            }
            await(USE, false, tell);
        }
    }

    /**
     * Called by {@code main} before the JVM exits: {@link #closeForExit} for every embedded repository this process
     * used, telling the operator on standard error if that makes it wait.
     */
    public static void closeAllForExit() {
        for (RepositoryAccess access : BY_FILE.values()) {
            access.closeForExit(() -> System.err.println("waiting for the other processes using the job repository in "
                    + access.file.getParent() + " to end their current transaction before closing it"));
        }
    }

    /**
     * Runs {@code work} holding the schema lock, so that two first starts at once do not both create the job
     * repository's tables.
     */
    public <T> T withSchemaLock(Supplier<T> work) {
        synchronized (schema) {
            FileLock lock = await(SCHEMA, false, () -> false);
            try {
                return work.get();
            } finally {
                release(lock);
            }
        }
    }

    /** Whether this process has the database file open, and so serves it to the others. */
    public boolean servesDatabase() {
        String name = H2_WATCHDOG + database;
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(name));
    }

    private FileLock await(long position, boolean shared, BooleanSupplier onWait) {
        boolean interrupted = Thread.interrupted(); // an interrupted thread's lock call would close the channel
        try {
            long sleep = 1;
            while (true) {
                FileLock lock = channel().tryLock(position, 1, shared);
                if (lock != null || onWait.getAsBoolean()) {
                    return lock; // null: waited long enough
                }
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                sleep = Math.min(sleep * 2, 20);
            }
        } catch (ClosedChannelException e) {
            throw new UncheckedIOException("the job repository's access lock " + file + " was closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            EmbeddedHome.privateFile(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    private static void release(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel is gone, and the lock with it
        }
    }
}
