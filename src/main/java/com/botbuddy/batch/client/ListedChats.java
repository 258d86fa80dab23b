package com.botbuddy.batch.client;

/**
 * One page of {@code GET /inbox/direct/chats}: the listing as parsed, and its body exactly as the API sent it
 * (UTF-8 JSON), so the page can be kept without serialising it again; {@code body} is {@code null} where
 * an implementation has no body to give.
 */
public record ListedChats(ChatListing listing, byte[] body) {
}
