package com.botbuddy.batch.export;

/**
 * A 64-bit hash of a chat key: FNV-1a over its chars, then SplitMix64's finaliser to spread the bits. The
 * staging's Bloom filter takes its probes from it, and the page reader's repeated-page guard sums it over a
 * page's keys.
 */
final class KeyHash {
    private KeyHash() {
    }

    static long of(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
