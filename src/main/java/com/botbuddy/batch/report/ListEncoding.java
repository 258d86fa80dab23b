package com.botbuddy.batch.report;

import java.util.ArrayList;
import java.util.List;

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

    public static String encodeTags(List<String> tags) {
        return tags == null || tags.isEmpty() ? "" : JSON.writeValueAsString(tags);
    }

    public static String encodeNotes(List<Chat.Note> notes) {
        if (notes == null || notes.isEmpty()) {
            return "";
        }
        List<LeadUpdate.NoteInput> plain = new ArrayList<>(notes.size());
        for (Chat.Note note : notes) {
            plain.add(new LeadUpdate.NoteInput(note.title(), note.description()));
        }
        return JSON.writeValueAsString(plain);
    }

    public static String encodeAttributes(List<Chat.Attribute> attributes) {
        return attributes == null || attributes.isEmpty() ? "" : JSON.writeValueAsString(attributes);
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
