package com.botbuddy.batch.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one reversible encoding of the list fields in a spreadsheet cell: a compact JSON array.
 * <ul>
 * <li>{@code tags}: {@code ["vip","call back"]}</li>
 * <li>{@code notes}: {@code [{"title":"t","description":"d"}]} (the API's note {@code _id} is not kept)</li>
 * <li>{@code attributes}: {@code [{"key":"ID","value":"BP001"}]}</li>
 * </ul>
 * An empty or absent list is written as an empty cell. When reading, {@code tags} also accepts a plain
 * list separated by {@code ;} or {@code ,} (as a person would type it) when the cell does not start with {@code [}.
 */
public final class ListEncoding {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ListEncoding() {
    }

    // Written by hand (a million-chat export encodes three lists per chat, and Jackson's per-call set-up cost
    // more than the encoding); the output is what Jackson writes for the same lists, which a test checks.

    public static String encodeTags(List<String> tags) {
        return array(tags, 16, ListEncoding::string);
    }

    public static String encodeNotes(List<Chat.Note> notes) {
        return array(notes, 64, (json, note) -> object(json, "title", note.title(), "description", note.description()));
    }

    public static String encodeAttributes(List<Chat.Attribute> attributes) {
        return array(attributes, 32, (json, attribute) -> object(json, "key", attribute.key(), "value", attribute.value()));
    }

    /** {@code [..,..]}, a null element as {@code null}; an empty or absent list as an empty cell. */
    private static <T> String array(List<T> items, int charsPerItem, BiConsumer<StringBuilder, T> element) {
        if (items == null || items.isEmpty()) {
            return "";
        }
        StringBuilder json = new StringBuilder(charsPerItem * items.size()).append('[');
        for (T item : items) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (item == null) {
                json.append("null");
            } else {
                element.accept(json, item);
            }
        }
        return json.append(']').toString();
    }

    /** {@code {"a":..,"b":..}} leaving out null values, as the records' {@code NON_NULL} inclusion does. */
    private static void object(StringBuilder json, String nameA, String a, String nameB, String b) {
        json.append('{');
        if (a != null) {
            json.append('"').append(nameA).append("\":");
            string(json, a);
        }
        if (b != null) {
            json.append(a != null ? ",\"" : "\"").append(nameB).append("\":");
            string(json, b);
        }
        json.append('}');
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /**
     * A JSON string as Jackson writes it: quote, backslash and control characters escaped, nothing else. The
     * characters between escapes are appended a run at a time (most texts have no escape at all).
     */
    private static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        int run = 0;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            json.append(value, run, i);
            run = i + 1;
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else {
                switch (c) {
                    case '\b' -> json.append("\\b");
                    case '\t' -> json.append("\\t");
                    case '\n' -> json.append("\\n");
                    case '\f' -> json.append("\\f");
                    case '\r' -> json.append("\\r");
                    default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
        }
        json.append(value, run, length).append('"');
    }

    /** @throws IllegalArgumentException with a readable reason when the cell is not a valid tag list */
    public static List<String> decodeTags(String cell) {
        String text = cell.strip();
        if (!text.startsWith("[")) {
            List<String> tags = new ArrayList<>();
            for (String part : text.split(text.contains(";") ? ";" : ",")) {
                if (!part.isBlank()) {
                    tags.add(part.strip());
                }
            }
            return tags;
        }
        return parse(text, new TypeReference<List<String>>() { }, "tags", "[\"tag one\",\"tag two\"]");
    }

    public static List<LeadUpdate.NoteInput> decodeNotes(String cell) {
        return parse(cell.strip(), new TypeReference<List<LeadUpdate.NoteInput>>() { }, "notes",
                "[{\"title\":\"...\",\"description\":\"...\"}]");
    }

    public static List<Chat.Attribute> decodeAttributes(String cell) {
        return parse(cell.strip(), new TypeReference<List<Chat.Attribute>>() { }, "attributes",
                "[{\"key\":\"...\",\"value\":\"...\"}]");
    }

    private static <T> List<T> parse(String text, TypeReference<List<T>> type, String field, String example) {
        try {
            List<T> list = JSON.readValue(text, type);
            if (list == null) {
                throw new IllegalArgumentException(field + " must be a JSON array like " + example);
            }
            return list;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(field + " must be a JSON array like " + example, e);
        }
    }
}
