package com.botbuddy.batch.export;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run of staged pages (consecutive pages of one type, as one chunk of the fetch commits them) is laid
 * out in the two staging rows that hold it:
 * <ul>
 * <li>bodies: {@code 'R'}, the number of pages, then per page its number, its chat count, the length of its
 *     body and the body as the API sent it;</li>
 * <li>keys: {@code 'K'}, the number of pages, then per page its number and key count, and per key its UTF-8
 *     length ({@code -1} for a chat without a key) and bytes.</li>
 * </ul>
 * Integers are 4 bytes, big-endian. Each value starts with its marker, which reading checks.
 */
final class StagedRun {
    private static final byte BODIES = 'R';
    private static final byte KEYS = 'K';
    /**
     * Body bytes a run holds at most (a run always has one page, however big): a run is one array when staged
     * and read back, and an array of half the JVM's heap region or more is allocated straight in the old
     * generation, where a stream of them makes the heap grow.
     */
    static final int MAX_RUN_BYTES = 256 * 1024;

    private StagedRun() {
    }

    /** One page of a run: its number and where its body lies in {@code bytes}. */
    record Page(int number, byte[] bytes, int offset, int length) {
    }

    /** One page's chat keys, in listing order ({@code null} for a chat with neither id nor uuid). */
    record PageKeys(int number, List<String> keys) {
    }

    /**
     * The pages cut into runs: consecutive pages of one type, in the order given, of at most about
     * {@link #MAX_RUN_BYTES} each.
     */
    static List<List<ChatPage>> split(List<ChatPage> pages) {
        List<List<ChatPage>> runs = new ArrayList<>();
        List<ChatPage> run = null;
        ChatPage previous = null;
        long bytes = 0;
        for (ChatPage page : pages) {
            if (run == null || page.type() != previous.type() || page.number() != previous.number() + 1
                    || bytes + page.body().length > MAX_RUN_BYTES) {
                run = new ArrayList<>();
                runs.add(run);
                bytes = 0;
            }
            run.add(page);
            bytes += page.body().length;
            previous = page;
        }
        return runs;
    }

    static byte[] bodies(List<ChatPage> run) {
        int size = 1 + Integer.BYTES;
        for (ChatPage page : run) {
            size += 3 * Integer.BYTES + page.body().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(BODIES).putInt(run.size());
        for (ChatPage page : run) {
            out.putInt(page.number()).putInt(page.size()).putInt(page.body().length).put(page.body());
        }
        return out.array();
    }

    /** The pages of a staged bodies value. */
    static List<Page> pages(byte[] staged) {
        requireMarker(staged, BODIES);
        ByteBuffer in = ByteBuffer.wrap(staged, 1, staged.length - 1);
        int count = in.getInt();
        List<Page> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int number = in.getInt();
            in.getInt(); // its chat count: what the row's CHATS column sums
            int length = in.getInt();
            pages.add(new Page(number, staged, in.position(), length));
            in.position(in.position() + length);
        }
        return pages;
    }

    static byte[] keys(List<ChatPage> run) {
        List<byte[]> encoded = new ArrayList<>();
        int size = 1 + Integer.BYTES;
        for (ChatPage page : run) {
            size += 2 * Integer.BYTES;
            for (String key : page.keys()) {
                byte[] bytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
                encoded.add(bytes);
                size += Integer.BYTES + (bytes == null ? 0 : bytes.length);
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(KEYS).putInt(run.size());
        int k = 0;
        for (ChatPage page : run) {
            out.putInt(page.number()).putInt(page.size());
            for (int i = 0; i < page.size(); i++) {
                byte[] bytes = encoded.get(k++);
                out.putInt(bytes == null ? -1 : bytes.length);
                if (bytes != null) {
                    out.put(bytes);
                }
            }
        }
        return out.array();
    }

    /** The pages' keys of a staged keys value. */
    static List<PageKeys> pageKeys(byte[] staged) {
        requireMarker(staged, KEYS);
        ByteBuffer in = ByteBuffer.wrap(staged, 1, staged.length - 1);
        int count = in.getInt();
        List<PageKeys> pages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int number = in.getInt();
            int size = in.getInt();
            List<String> keys = new ArrayList<>(size);
            for (int j = 0; j < size; j++) {
                int length = in.getInt();
                if (length < 0) {
                    keys.add(null);
                } else {
                    keys.add(new String(staged, in.position(), length, StandardCharsets.UTF_8));
                    in.position(in.position() + length);
                }
            }
            pages.add(new PageKeys(number, keys));
        }
        return pages;
    }

    private static void requireMarker(byte[] staged, byte marker) {
        if (staged.length == 0 || staged[0] != marker) {
            throw new IllegalStateException("a staged row is not a run of pages ('" + (char) marker
                    + "' expected first): the staging is not in the layout this build writes");
        }
    }
}
