package com.botbuddy.batch.client;

/**
 * The two inbox endpoints. Implementations retry transient failures (429, 5xx, timeouts, resets,
 * unparsable bodies) per {@link ClientSettings} and then throw {@link ApiUnavailableException};
 * they never retry 401/403 ({@link ApiAuthException}) or 400 ({@link ApiRejectedException}).
 * A 200 answer with {@code success: false} throws {@link ApiRejectedException} carrying the API's message.
 */
public interface InboxApi {

    /** {@code GET /inbox/direct/chats?botId&customerId&page&type} with header {@code x-bot-token}. */
    ChatListing listChats(String botId, String customerId, ChatType type, int page);

    /** As {@link #listChats}, with the page's body as the API sent it when the implementation has it. */
    default ListedChats listChatsWithBody(String botId, String customerId, ChatType type, int page) {
        return new ListedChats(listChats(botId, customerId, type, page), null);
    }

    /**
     * As {@link #listChatsWithBody}, for a reader that keeps the page and reads its chats later: the chats'
     * keys and the body as sent (or, from an implementation without one, the listing as JSON).
     */
    default ListedKeys listChatKeys(String botId, String customerId, ChatType type, int page) {
        return ListedKeys.of(listChatsWithBody(botId, customerId, type, page));
    }

    /** {@code PUT /inbox/direct/lead} with header {@code x-bp-token} and the update as JSON body. */
    ApiResponse updateLead(LeadUpdate update);
}
