package com.botbuddy.batch.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.botbuddy.batch.ops.EmbeddedHome;

/**
 * Where an export on the embedded H2 repository keeps the bodies of its staged pages: one append-only file
 * per job instance, {@code staging/export-<instance>.pages} next to the database file, while the staging
 * table row holds only where the body is: appending a million-chat export's gigabyte of page bodies to a file
 * costs a fraction of inserting them into H2.
 * <p>
 * The body is appended before the row that points at it commits, so a committed row always finds its
 * bytes (a crash only leaves unreferenced bytes at the end of the file, and the restart appends after
 * them). PostgreSQL keeps the bodies in its table: a restart may run on another host.
 */
final class PageSpool {
    /** First byte of a pointer; a body the API sent starts with '{' (or a chat list with '['). */
    static final byte POINTER = 'P';
    private static final int POINTER_BYTES = 1 + Long.BYTES + Integer.BYTES;

    private final Path folder;
    private final Map<StagingKey, FileChannel> open = new ConcurrentHashMap<>();

    PageSpool(Path folder) {
        this.folder = folder;
    }

    /** The spool for a {@code jdbc:h2:file:} URL, or {@code null} for any other database. */
    static PageSpool forJdbcUrl(String url) {
        Path folder = EmbeddedHome.folderOf(url);
        return folder == null ? null : new PageSpool(folder.resolve("staging"));
    }

    Path file(StagingKey key) {
        return folder.resolve("export-" + key.suffix() + ".pages");
    }

    /** Appends a page body; returns the pointer to keep in its place. */
    synchronized byte[] append(StagingKey key, byte[] body) {
        try {
            FileChannel channel = channel(key);
            long offset = channel.size();
            ByteBuffer bytes = ByteBuffer.wrap(body);
            while (bytes.hasRemaining()) {
                channel.write(bytes, offset + bytes.position());
            }
            return ByteBuffer.allocate(POINTER_BYTES).put(POINTER).putLong(offset).putInt(body.length).array();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write staged pages to " + file(key), e);
        }
    }

    static boolean isPointer(byte[] staged) {
        return staged.length == POINTER_BYTES && staged[0] == POINTER;
    }

    /** The body a pointer points at. */
    byte[] read(StagingKey key, byte[] pointer) {
        ByteBuffer at = ByteBuffer.wrap(pointer, 1, POINTER_BYTES - 1);
        long offset = at.getLong();
        int length = at.getInt();
        try {
            FileChannel channel = channel(key);
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining()) {
                if (channel.read(body, offset + body.position()) < 0) {
                    throw new IOException("the file ends before the page staged at byte " + offset);
                }
            }
            return body.array();
        } catch (IOException e) {
            throw new UncheckedIOException("staged pages of " + key + " are missing from "
                    + file(key) + " (" + e.getMessage() + "); run the export again as a new run", e);
        }
    }

    private FileChannel channel(StagingKey key) throws IOException {
        FileChannel channel = open.get(key);
        if (channel == null) {
            EmbeddedHome.privateFolder(folder);
            channel = FileChannel.open(EmbeddedHome.privateFile(file(key)), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            open.put(key, channel);
        }
        return channel;
    }

    /** Deletes the instance's file. */
    synchronized void delete(StagingKey key) {
        FileChannel channel = open.remove(key);
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file(key), e);
        }
    }
}
