package com.botbuddy.batch.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import com.botbuddy.batch.client.Chat;

/**
 * The columns of {@code chats.csv} and the XLSX Chats sheet, in order: the one place a column is defined.
 * Each column names its header, its width on the Chats sheet, the kind of cell it becomes there, how its
 * text comes from a chat, and whether the import may write it back (with the other header spellings the
 * import accepts). Every writer and the import read this enum; a column is added or changed here.
 * <p>
 * A column's text is exactly what the API sent (instants too); a missing value is an empty string. No guard
 * or truncation here: the CSV and XLSX writers each protect the values their own way.
 */
public enum ChatColumn {
    ID("id", 26, CellKind.TEXT, Import.READ_ONLY, t -> t.chat().id()),
    UUID("uuid", 38, CellKind.TEXT, Import.EDITABLE, t -> t.chat().uuid()),
    TYPE("type", 10, CellKind.TEXT, Import.READ_ONLY, t -> t.type() == null ? null : t.type().apiValue()),
    STATUS("status", 13, CellKind.TEXT, Import.EDITABLE, t -> t.chat().status()),
    NAME("name", 24, CellKind.TEXT, Import.EDITABLE, t -> t.chat().userDetails().name()),
    EMAIL("email", 30, CellKind.TEXT, Import.EDITABLE, t -> t.chat().contact().email()),
    DIAL_CODE("dial_code", 10, CellKind.TEXT, Import.EDITABLE, t -> dialCode(t.chat().phone().prefix()), "dialCode"),
    PHONE("phone", 16, CellKind.TEXT, Import.EDITABLE, t -> t.chat().phone().number()),
    AGENT_ID("agent_id", 26, CellKind.TEXT, Import.EDITABLE, t -> t.chat().agentAssigned(), "agentId"),
    CITY("city", 16, CellKind.TEXT, Import.READ_ONLY, t -> t.chat().userDetails().city()),
    COUNTRY("country", 14, CellKind.TEXT, Import.READ_ONLY, t -> t.chat().userDetails().country()),
    GENDER("gender", 10, CellKind.TEXT, Import.READ_ONLY, t -> t.chat().userDetails().gender()),
    TAGS("tags", 30, CellKind.TEXT, Import.EDITABLE, t -> ListEncoding.encodeTags(t.chat().userDetails().tags())),
    NOTES("notes", 40, CellKind.TEXT, Import.EDITABLE, t -> ListEncoding.encodeNotes(t.chat().notes())),
    ATTRIBUTES("attributes", 40, CellKind.TEXT, Import.EDITABLE,
            t -> ListEncoding.encodeAttributes(t.chat().userDetails().attributes())),
    CREATED_AT("created_at", 20, CellKind.INSTANT, Import.READ_ONLY, t -> t.chat().createdAt()),
    UPDATED_AT("updated_at", 20, CellKind.INSTANT, Import.CHECKED, t -> t.chat().updatedAt()),
    LAST_SEEN_AT("last_seen_at", 20, CellKind.INSTANT, Import.READ_ONLY, t -> t.chat().lastSeenAt()),
    LAST_MESSAGE_AT("last_message_at", 20, CellKind.INSTANT, Import.READ_ONLY, t -> lastMessage(t, Chat.LastMessage::at)),
    LAST_MESSAGE_BY("last_message_by", 15, CellKind.TEXT, Import.READ_ONLY, t -> lastMessage(t, Chat.LastMessage::by)),
    LAST_MESSAGE("last_message", 50, CellKind.TEXT, Import.READ_ONLY, t -> lastMessage(t, Chat.LastMessage::text)),
    WEBSITE_VISITS("website_visits", 14, CellKind.INTEGER, Import.READ_ONLY,
            t -> t.chat().websiteVisits() == null ? null : t.chat().websiteVisits().toString()),
    IS_ONLINE("is_online", 10, CellKind.BOOLEAN, Import.READ_ONLY,
            t -> t.chat().isOnline() == null ? null : t.chat().isOnline().toString()),
    PICTURE("picture", 40, CellKind.TEXT, Import.EDITABLE, t -> t.chat().userDetails().picture());

    /** What a column's text becomes on the Chats sheet ({@code chats.csv} holds the text itself). */
    public enum CellKind {
        /** A string cell, whatever the text looks like. */
        TEXT,
        /** A date-time cell (UTC) when the text is an instant Excel can show, else a string cell. */
        INSTANT,
        /** A number cell; the text is a whole number's decimal digits. */
        INTEGER,
        /** A boolean cell; the text is {@code true} or {@code false}. */
        BOOLEAN
    }

    /** What the import does with a column of that name. */
    public enum Import {
        /** Written back through the lead update. */
        EDITABLE,
        /** Ignored silently: the export's facts the update cannot change. */
        READ_ONLY,
        /** Never written: the time the row was exported, which the import checks against the live chat's. */
        CHECKED
    }

    /** Every column's header, in order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ChatColumn::header).toList();

    private static final ChatColumn[] VALUES = values();

    private final String header;
    private final int width;
    private final CellKind kind;
    private final Import importAs;
    private final Function<TypedChat, String> value;
    private final List<String> aliases;

    ChatColumn(String header, int width, CellKind kind, Import importAs, Function<TypedChat, String> value,
            String... aliases) {
        this.header = header;
        this.width = width;
        this.kind = kind;
        this.importAs = importAs;
        this.value = value;
        this.aliases = List.of(aliases);
    }

    /** The header's name in {@code chats.csv} and on the Chats sheet. */
    public String header() {
        return header;
    }

    /** The column's width on the Chats sheet, in characters. */
    public int width() {
        return width;
    }

    public CellKind kind() {
        return kind;
    }

    public Import importAs() {
        return importAs;
    }

    /** Other spellings of the header the import accepts besides {@link #header()}. */
    public List<String> importAliases() {
        return aliases;
    }

    /** This column's text for one chat; empty when the chat has no value. */
    public String text(TypedChat chat) {
        String text = value.apply(chat);
        return text == null ? "" : text;
    }

    /** One chat as the text of every column, in order: computed once and shared by the CSV and XLSX writers. */
    static String[] cells(TypedChat chat) {
        String[] cells = new String[VALUES.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = VALUES[i].text(chat);
        }
        return cells;
    }

    /** The column at {@code index} in file order. */
    static ChatColumn at(int index) {
        return VALUES[index];
    }

    /** The number of columns. */
    static int count() {
        return VALUES.length;
    }

    /** The listing's prefix ({@code 91}) as the dial code the update takes ({@code +91}); empty without a prefix. */
    static String dialCode(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String code = prefix.strip();
        return code.startsWith("+") ? code : "+" + code;
    }

    private static String lastMessage(TypedChat chat, Function<Chat.LastMessage, String> part) {
        Chat.LastMessage last = chat.chat().lastMessage();
        return last == null ? null : part.apply(last);
    }
}
