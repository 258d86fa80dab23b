package com.botbuddy.batch.export;

import com.botbuddy.batch.client.ChatType;

/**
 * A chat's place in the listing as one {@code long} that sorts in listing order: its type (leads first), its
 * page and its index on the page. Staging keys each row by the position of its last page (index 0), and the
 * deduplication names the copies that a later copy supersedes by their positions.
 */
final class ListingPosition {
    private static final int PAGE_BITS = 34;
    private static final int INDEX_BITS = 16;

    private ListingPosition() {
    }

    static long of(ChatType type, int page, int index) {
        return ((long) type.ordinal() << (PAGE_BITS + INDEX_BITS)) | ((long) page << INDEX_BITS)
                | Math.min(index, (1 << INDEX_BITS) - 1);
    }

    /** The first position of {@code type}'s listing. */
    static long first(ChatType type) {
        return of(type, 0, 0);
    }

    /** The first position past {@code type}'s listing. */
    static long end(ChatType type) {
        return first(type) + (1L << (PAGE_BITS + INDEX_BITS));
    }

    static int page(long position) {
        return (int) ((position >>> INDEX_BITS) & ((1L << PAGE_BITS) - 1));
    }

    static ChatType type(long position) {
        return ChatType.values()[(int) (position >>> (PAGE_BITS + INDEX_BITS))];
    }
}
