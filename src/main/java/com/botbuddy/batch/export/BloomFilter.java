package com.botbuddy.batch.export;

/**
 * A Bloom filter over 64-bit hashes, about 10 bits and 7 probes an element for about 1% false positives: the
 * deduplication's first pass, which names every chat key that may have been seen before in a fraction of the
 * memory a set of the keys would take. The probes are double hashing's {@code h1 + i * h2}, {@code h2} the
 * hash with its halves swapped so that every probe differs in its high half, and a probe's bit is that high
 * half scaled to the filter's size (a multiplication, not a division).
 */
final class BloomFilter {
    private final long[] bits;
    private final long size;

    BloomFilter(long expected) {
        long n = Math.min(1L << 32, Math.max(1024, expected * 10));
        bits = new long[(int) ((n + 63) / 64)];
        size = bits.length * 64L;
    }

    /** Adds the hash; returns false when it was (probably) there already. */
    boolean addIfAbsent(long hash) {
        long h1 = hash;
        long h2 = Long.rotateLeft(hash, 32) | 1;
        boolean added = false;
        for (int i = 0; i < 7; i++) {
            long bit = (((h1 + i * h2) >>> 32) * size) >>> 32; // in [0, size): size is at most 2^32
            int word = (int) (bit >>> 6);
            long probe = 1L << (bit & 63);
            if ((bits[word] & probe) == 0) {
                bits[word] |= probe;
                added = true;
            }
        }
        return added;
    }
}
