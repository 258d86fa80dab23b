package com.botbuddy.batch.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

import tools.jackson.databind.json.JsonMapper;

/**
 * One page of the listing: the unit the fetch steps read, stage and commit. {@code keys} are its chats' keys
 * in listing order ({@code null} for a chat without id or uuid); {@code body} is the page as the API sent it
 * (the listing's JSON), staged as it is and read in full only by the report.
 */
public record ChatPage(ChatType type, int number, List<String> keys, byte[] body) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public ChatPage {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(body, "body");
    }

    /** A page of chats already parsed, its body a listing of them as the API sends one. */
    public static ChatPage of(ChatType type, int number, List<Chat> chats) {
        return of(type, number, chats, JSON.writeValueAsBytes(Map.of("data", chats)));
    }

    /** A page of chats already parsed, with the body they came in. */
    public static ChatPage of(ChatType type, int number, List<Chat> chats, byte[] body) {
        List<String> keys = new ArrayList<>(chats.size());
        for (Chat chat : chats) {
            keys.add(chat.key());
        }
        return new ChatPage(type, number, keys, body);
    }

    /** The number of chats on the page. */
    public int size() {
        return keys.size();
    }
}
