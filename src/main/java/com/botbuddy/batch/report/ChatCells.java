package com.botbuddy.batch.report;

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
    // each column's position, looked up once rather than for every cell of every chat
    private static final int ID = index(ChatColumns.ID);
    private static final int UUID = index(ChatColumns.UUID);
    private static final int TYPE = index(ChatColumns.TYPE);
    private static final int STATUS = index(ChatColumns.STATUS);
    private static final int NAME = index(ChatColumns.NAME);
    private static final int EMAIL = index(ChatColumns.EMAIL);
    private static final int DIAL_CODE = index(ChatColumns.DIAL_CODE);
    private static final int PHONE = index(ChatColumns.PHONE);
    private static final int AGENT_ID = index(ChatColumns.AGENT_ID);
    private static final int CITY = index(ChatColumns.CITY);
    private static final int COUNTRY = index(ChatColumns.COUNTRY);
    private static final int GENDER = index(ChatColumns.GENDER);
    private static final int TAGS = index(ChatColumns.TAGS);
    private static final int NOTES = index(ChatColumns.NOTES);
    private static final int ATTRIBUTES = index(ChatColumns.ATTRIBUTES);
    private static final int LAST_MESSAGE_BY = index(ChatColumns.LAST_MESSAGE_BY);
    private static final int LAST_MESSAGE = index(ChatColumns.LAST_MESSAGE);
    private static final int PICTURE = index(ChatColumns.PICTURE);

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
        cells[ID] = text(chat.id());
        cells[UUID] = text(chat.uuid());
        cells[TYPE] = text(typed.type() == null ? null : typed.type().apiValue());
        cells[STATUS] = text(chat.status());
        cells[NAME] = text(user.name());
        cells[EMAIL] = text(chat.contact().email());
        cells[DIAL_CODE] = text(dialCode(chat.phone().prefix()));
        cells[PHONE] = text(chat.phone().number());
        cells[AGENT_ID] = text(chat.agentAssigned());
        cells[CITY] = text(user.city());
        cells[COUNTRY] = text(user.country());
        cells[GENDER] = text(user.gender());
        cells[TAGS] = text(ListEncoding.encodeTags(user.tags()));
        cells[NOTES] = text(ListEncoding.encodeNotes(chat.notes()));
        cells[ATTRIBUTES] = text(ListEncoding.encodeAttributes(user.attributes()));
        cells[CREATED_AT] = text(chat.createdAt());
        cells[UPDATED_AT] = text(chat.updatedAt());
        cells[LAST_SEEN_AT] = text(chat.lastSeenAt());
        cells[LAST_MESSAGE_AT] = text(last == null ? null : last.at());
        cells[LAST_MESSAGE_BY] = text(last == null ? null : last.by());
        cells[LAST_MESSAGE] = text(last == null ? null : last.text());
        cells[WEBSITE_VISITS] = text(chat.websiteVisits() == null ? null : chat.websiteVisits().toString());
        cells[IS_ONLINE] = text(chat.isOnline() == null ? null : chat.isOnline().toString());
        cells[PICTURE] = text(user.picture());
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

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
