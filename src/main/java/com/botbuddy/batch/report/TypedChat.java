package com.botbuddy.batch.report;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

/** A chat together with the listing it came from ({@code type=lead} or {@code type=non-lead}). */
public record TypedChat(ChatType type, Chat chat) {
}
