package com.botbuddy.batch.export;

import java.util.List;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

/**
 * One page of the listing: the unit the fetch steps read, stage and commit. {@code body} is the page as the
 * API sent it (the listing's JSON), staged as it is; {@code null} when the client had none to give.
 */
public record ChatPage(ChatType type, int number, List<Chat> chats, byte[] body) {
    public ChatPage(ChatType type, int number, List<Chat> chats) {
        this(type, number, chats, null);
    }
}
