package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.importer.ImportColumns.Field;
import com.botbuddy.batch.report.ListEncoding;

/**
 * A lead's editable fields as text, the text a cell of the import's own layout holds for them (lists as
 * {@link ListEncoding} writes them, the dial code with its {@code +}, the status in the API's spelling; an empty
 * value is ""). The same text for a chat as the listing has it and for what an update sets, so the two compare: the
 * conflict check names the fields that differ, the dry run lists the changes, the undo file holds the values before.
 */
final class LeadFields {
    /** The fields an update can set, in the column order of undo and changes files. */
    static final List<Field> EDITABLE = List.of(Field.STATUS, Field.NAME, Field.EMAIL, Field.DIAL_CODE, Field.PHONE,
            Field.AGENT_ID, Field.PICTURE, Field.TAGS, Field.NOTES, Field.ATTRIBUTES);

    private LeadFields() {
    }

    /** The column name of a field in the import's own layout ({@code dial_code}). */
    static String columnName(Field field) {
        return field.column().header();
    }

    /** The fields {@code update} sets (not null), each with the text it sets ("" clears). */
    static Map<Field, String> set(LeadUpdate u) {
        Map<Field, String> set = new EnumMap<>(Field.class);
        put(set, Field.STATUS, u.status());
        put(set, Field.NAME, u.name());
        put(set, Field.EMAIL, u.email());
        put(set, Field.DIAL_CODE, u.dialCode());
        put(set, Field.PHONE, u.phone());
        put(set, Field.AGENT_ID, u.agentId());
        put(set, Field.PICTURE, u.picture());
        if (u.tags() != null) {
            set.put(Field.TAGS, ListEncoding.encodeTags(u.tags()));
        }
        if (u.notes() != null) {
            List<Chat.Note> notes = new ArrayList<>(u.notes().size());
            u.notes().forEach(n -> notes.add(new Chat.Note(n.title(), n.description(), null)));
            set.put(Field.NOTES, ListEncoding.encodeNotes(notes));
        }
        if (u.attributes() != null) {
            set.put(Field.ATTRIBUTES, ListEncoding.encodeAttributes(u.attributes()));
        }
        return set;
    }

    /** Every editable field of a chat as the listing has it ("" where it has none). */
    static Map<Field, String> live(Chat chat) {
        Map<Field, String> live = new EnumMap<>(Field.class);
        LeadStatus status = chat.status() == null ? null : LeadStatus.parseLenient(chat.status());
        live.put(Field.STATUS, status != null ? status.name() : nullToEmpty(chat.status()));
        live.put(Field.NAME, nullToEmpty(chat.userDetails().name()));
        live.put(Field.EMAIL, nullToEmpty(chat.contact().email()));
        String prefix = chat.phone().prefix();
        live.put(Field.DIAL_CODE, prefix == null || prefix.isBlank() ? ""
                : prefix.strip().startsWith("+") ? prefix.strip() : "+" + prefix.strip());
        live.put(Field.PHONE, nullToEmpty(chat.phone().number()));
        live.put(Field.AGENT_ID, nullToEmpty(chat.agentAssigned()));
        live.put(Field.PICTURE, nullToEmpty(chat.userDetails().picture()));
        live.put(Field.TAGS, ListEncoding.encodeTags(chat.userDetails().tags()));
        live.put(Field.NOTES, ListEncoding.encodeNotes(chat.notes()));
        live.put(Field.ATTRIBUTES, ListEncoding.encodeAttributes(chat.userDetails().attributes()));
        return live;
    }

    /** The fields {@code set} sets whose live value differs, in {@link #EDITABLE} order. */
    static List<Field> differing(Map<Field, String> set, Map<Field, String> live) {
        List<Field> differ = new ArrayList<>();
        for (Field field : EDITABLE) {
            String value = set.get(field);
            if (value != null && !value.equals(live.getOrDefault(field, ""))) {
                differ.add(field);
            }
        }
        return differ;
    }

    /** Field names as the live snapshot stores them (the column names), for JSON. */
    static Map<String, String> byName(Map<Field, String> values) {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        values.forEach((f, v) -> named.put(columnName(f), v));
        return named;
    }

    /** The inverse of {@link #byName}. */
    static Map<Field, String> byField(Map<String, String> named) {
        Map<Field, String> values = new EnumMap<>(Field.class);
        for (Field field : EDITABLE) {
            String v = named.get(columnName(field));
            if (v != null) {
                values.put(field, v);
            }
        }
        return values;
    }

    private static void put(Map<Field, String> set, Field field, String value) {
        if (value != null) {
            set.put(field, value);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
