package com.botbuddy.batch.export;

import java.util.Arrays;

/**
 * A growable list of longs without boxing: the deduplication collects listing positions in it, as many as
 * there are duplicate copies, where a {@code List<Long>} would take several times the memory.
 */
final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
