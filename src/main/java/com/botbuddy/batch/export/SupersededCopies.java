package com.botbuddy.batch.export;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listing positions of staged chat copies that a later copy of the same chat supersedes, so that reading
 * back yields each chat once, as it was read last. Two passes over the staged keys find them with memory
 * that stays small however many chats there are: backwards through the listing, a {@link BloomFilter} of key
 * hashes names every key that may have been seen before (all real duplicates, plus about 1% false alarms);
 * forwards, the positions of just those keys are collected, and all but the last position of each key are
 * superseded. A chat without a key is never superseded.
 */
final class SupersededCopies {
    /** Takes one staged page's keys, in listing order, with the position of the page's first chat. */
    interface KeyPageConsumer {
        void accept(long pagePosition, List<String> keys);
    }

    /** The staged pages' keys, passed on forwards or backwards through the listing; returns the pages seen. */
    interface KeyPages {
        long forEach(boolean forward, KeyPageConsumer consumer);
    }

    private final long[] positions;
    private final long pages;

    private SupersededCopies(long[] sortedPositions, long pages) {
        this.positions = sortedPositions;
        this.pages = pages;
    }

    /** Finds the superseded copies among {@code copies} staged ones. */
    static SupersededCopies find(long copies, KeyPages keyPages) {
        BloomFilter seen = new BloomFilter(copies);
        Set<String> candidates = new HashSet<>();
        long pages = keyPages.forEach(false, (pagePosition, pageKeys) -> {
            for (int i = pageKeys.size() - 1; i >= 0; i--) {
                String key = pageKeys.get(i);
                if (key != null && !seen.addIfAbsent(KeyHash.of(key))) {
                    candidates.add(key);
                }
            }
        });
        if (candidates.isEmpty()) {
            return new SupersededCopies(new long[0], pages);
        }
        Map<String, LongList> positions = new HashMap<>();
        keyPages.forEach(true, (pagePosition, pageKeys) -> {
            for (int i = 0; i < pageKeys.size(); i++) {
                String key = pageKeys.get(i);
                if (key != null && candidates.contains(key)) {
                    positions.computeIfAbsent(key, k -> new LongList()).add(pagePosition + i);
                }
            }
        });
        LongList superseded = new LongList();
        for (LongList list : positions.values()) {
            long[] seqs = list.toArray();
            for (int i = 0; i < seqs.length - 1; i++) {
                superseded.add(seqs[i]); // collected in listing order: all but the last lose
            }
        }
        long[] sorted = superseded.toArray();
        Arrays.sort(sorted);
        return new SupersededCopies(sorted, pages);
    }

    /** Whether the copy at this listing position is superseded. */
    boolean contains(long position) {
        return positions.length > 0 && Arrays.binarySearch(positions, position) >= 0;
    }

    /** The number of staged pages the keys came from. */
    long pages() {
        return pages;
    }
}
