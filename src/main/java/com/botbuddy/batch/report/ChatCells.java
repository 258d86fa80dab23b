package com.botbuddy.batch.report;

import java.util.List;

import com.botbuddy.batch.client.Chat;

/**
 * One chat as the text of its cells, in {@link ChatColumns#NAMES} order; a missing value is an empty string.
 * Instants stay exactly as the API sent them. No guard or truncation here: the CSV and XLSX writers
 * each protect the values their own way.
 */
final class ChatCells {
    static final int COLUMNS = ChatColumns.NAMES.size();
    static final int CREATED_AT = index(ChatColumns.CREATED_AT);
    static final int UPDATED_AT = index(ChatColumns.UPDATED_AT);
    static final int LAST_SEEN_AT = index(ChatColumns.LAST_SEEN_AT);
    static final int LAST_MESSAGE_AT = index(ChatColumns.LAST_MESSAGE_AT);
    static final int WEBSITE_VISITS = index(ChatColumns.WEBSITE_VISITS);
    static final int IS_ONLINE = index(ChatColumns.IS_ONLINE);

    private ChatCells() {
    }

    static int index(String column) {
        int index = ChatColumns.NAMES.indexOf(column);
        if (index < 0) {
            throw new IllegalStateException("no column " + column);
        }
        return index;
    }

    static boolean isInstant(int column) {
        return column == CREATED_AT || column == UPDATED_AT || column == LAST_SEEN_AT || column == LAST_MESSAGE_AT;
    }

    static String[] of(TypedChat typed) {
        Chat chat = typed.chat();
        Chat.UserDetails user = chat.userDetails();
        Chat.LastMessage last = chat.lastMessage();
        String[] cells = new String[COLUMNS];
        put(cells, ChatColumns.ID, chat.id());
        put(cells, ChatColumns.UUID, chat.uuid());
        put(cells, ChatColumns.TYPE, typed.type() == null ? null : typed.type().apiValue());
        put(cells, ChatColumns.STATUS, chat.status());
        put(cells, ChatColumns.NAME, user.name());
        put(cells, ChatColumns.EMAIL, chat.contact().email());
        put(cells, ChatColumns.DIAL_CODE, dialCode(chat.phone().prefix()));
        put(cells, ChatColumns.PHONE, chat.phone().number());
        put(cells, ChatColumns.AGENT_ID, chat.agentAssigned());
        put(cells, ChatColumns.CITY, user.city());
        put(cells, ChatColumns.COUNTRY, user.country());
        put(cells, ChatColumns.GENDER, user.gender());
        put(cells, ChatColumns.TAGS, ListEncoding.encodeTags(user.tags()));
        put(cells, ChatColumns.NOTES, ListEncoding.encodeNotes(chat.notes()));
        put(cells, ChatColumns.ATTRIBUTES, ListEncoding.encodeAttributes(user.attributes()));
        put(cells, ChatColumns.CREATED_AT, chat.createdAt());
        put(cells, ChatColumns.UPDATED_AT, chat.updatedAt());
        put(cells, ChatColumns.LAST_SEEN_AT, chat.lastSeenAt());
        put(cells, ChatColumns.LAST_MESSAGE_AT, last == null ? null : last.at());
        put(cells, ChatColumns.LAST_MESSAGE_BY, last == null ? null : last.by());
        put(cells, ChatColumns.LAST_MESSAGE, last == null ? null : last.text());
        put(cells, ChatColumns.WEBSITE_VISITS, chat.websiteVisits() == null ? null : chat.websiteVisits().toString());
        put(cells, ChatColumns.IS_ONLINE, chat.isOnline() == null ? null : chat.isOnline().toString());
        put(cells, ChatColumns.PICTURE, user.picture());
        return cells;
    }

    /** The listing's prefix ({@code 91}) as the dial code the update takes ({@code +91}); empty without a prefix. */
    static String dialCode(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String code = prefix.strip();
        return code.startsWith("+") ? code : "+" + code;
    }

    private static final List<String> NAMES = ChatColumns.NAMES;

    private static void put(String[] cells, String column, String value) {
        cells[NAMES.indexOf(column)] = value == null ? "" : value;
    }
}
