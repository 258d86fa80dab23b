package com.botbuddy.batch.client;

/** The inbox API over the JDK HTTP client. (Being built.) */
public class HttpInboxClient implements InboxApi {
    public HttpInboxClient(ClientSettings settings, ApiCredentials credentials) {
    }

    @Override
    public ChatListing listChats(String botId, String customerId, ChatType type, int page) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public ApiResponse updateLead(LeadUpdate update) {
        throw new UnsupportedOperationException("not yet built");
    }
}
