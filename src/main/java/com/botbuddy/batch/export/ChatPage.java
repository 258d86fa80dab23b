package com.botbuddy.batch.export;

import java.util.List;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

/** One page of the listing: the unit the fetch steps read, stage and commit. */
public record ChatPage(ChatType type, int number, List<Chat> chats) {
}
