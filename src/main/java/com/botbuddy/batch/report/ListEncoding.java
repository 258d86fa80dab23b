package com.botbuddy.batch.report;

import java.util.ArrayList;
import java.util.List;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadUpdate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;
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
    /** The cells leave out a note's {@code _id}: it is the API's, not the lead's. */
    @JsonIgnoreProperties("_id")
    private abstract static class NoteCell {
    }

    private static final JsonMapper JSON = JsonMapper.builder().addMixIn(Chat.Note.class, NoteCell.class).build();
    // one writer per list type, its serializers found once: an export encodes three lists per chat
    private static final ObjectWriter TAGS = JSON.writerFor(new TypeReference<List<String>>() { });
    private static final ObjectWriter NOTES = JSON.writerFor(new TypeReference<List<Chat.Note>>() { });
    private static final ObjectWriter ATTRIBUTES = JSON.writerFor(new TypeReference<List<Chat.Attribute>>() { });

    private ListEncoding() {
    }

    public static String encodeTags(List<String> tags) {
        return array(TAGS, tags);
    }

    public static String encodeNotes(List<Chat.Note> notes) {
        return array(NOTES, notes);
    }

    public static String encodeAttributes(List<Chat.Attribute> attributes) {
        return array(ATTRIBUTES, attributes);
    }

    /** Compact JSON, a null element as {@code null}, null fields left out; an empty or absent list: an empty cell. */
    private static String array(ObjectWriter writer, List<?> items) {
        return items == null || items.isEmpty() ? "" : writer.writeValueAsString(items);
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
