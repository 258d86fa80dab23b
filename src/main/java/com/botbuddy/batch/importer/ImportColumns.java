package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.XlsxText;

/**
 * How a header row maps to the fields of an update. Names are matched ignoring case, spaces, underscores and
 * hyphens ({@code Dial Code}, {@code dial_code}, {@code dialCode} are one column); {@code attr:<key>} columns set one
 * attribute each. The export's own read-only columns ({@code id}, {@code type}, {@code city}, {@code created_at}...)
 * and the {@code error} column of a rejected file are ignored silently (listed as "ignored" in the summary);
 * any other column is ignored and listed as "unknown". Two of the export's columns are read, never sent:
 * {@code updated_at} (the time the row's values were exported, for the conflict check; not listed as ignored) and
 * {@code type} (which listing the chat is in, so the live read pages only the listings the rows can be in).
 */
public final class ImportColumns {

    /**
     * The importable fields: the export's editable columns ({@link ChatColumn.Import#EDITABLE}), named and spelled
     * as the column model says, and the two ids an import file may carry per row.
     */
    public enum Field {
        UUID(ChatColumn.UUID), BOT_ID("bot_id", "botId"), CUSTOMER_ID("customer_id", "customerId"),
        STATUS(ChatColumn.STATUS), NAME(ChatColumn.NAME), EMAIL(ChatColumn.EMAIL), PHONE(ChatColumn.PHONE),
        DIAL_CODE(ChatColumn.DIAL_CODE), AGENT_ID(ChatColumn.AGENT_ID), PICTURE(ChatColumn.PICTURE),
        TAGS(ChatColumn.TAGS), NOTES(ChatColumn.NOTES), ATTRIBUTES(ChatColumn.ATTRIBUTES);

        private final ChatColumn column;
        private final List<String> names;

        Field(ChatColumn column) {
            this.column = column;
            List<String> names = new ArrayList<>();
            names.add(column.header());
            names.addAll(column.importAliases());
            this.names = List.copyOf(names);
        }

        Field(String... names) {
            this.column = null;
            this.names = List.of(names);
        }

        /** The export's column this field is written from, or {@code null} for a field the export has no column for. */
        public ChatColumn column() {
            return column;
        }
    }

    /** The prefix of a single-attribute column: {@code attr:plan} sets the attribute with key {@code plan}. */
    public static final String ATTRIBUTE_PREFIX = "attr:";

    private static final Map<String, Field> ALIASES = new LinkedHashMap<>();
    /** Columns known to be read-only: the export's read-only columns and those of the import's own results. */
    private static final Set<String> READ_ONLY = new HashSet<>();
    static {
        for (Field field : Field.values()) {
            for (String name : field.names) {
                ALIASES.put(normalize(name), field);
            }
        }
        for (ChatColumn column : ChatColumn.values()) {
            boolean mapped = Arrays.stream(Field.values()).anyMatch(f -> f.column == column);
            if (mapped != (column.importAs() == ChatColumn.Import.EDITABLE)) {
                throw new IllegalStateException("the chats column " + column.header() + " is " + column.importAs()
                        + " but has " + (mapped ? "an" : "no") + " import field");
            }
            if (column.importAs() == ChatColumn.Import.READ_ONLY) {
                READ_ONLY.add(normalize(column.header()));
                column.importAliases().forEach(alias -> READ_ONLY.add(normalize(alias)));
            }
        }
        for (String name : List.of(ImportReportWriter.ERROR_COLUMN, "row", "outcome", "http_status", "reason")) {
            READ_ONLY.add(normalize(name));
        }
    }

    static String normalize(String header) {
        return header == null ? "" : header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
    }

    private static final String UPDATED_AT = normalize(ChatColumn.UPDATED_AT.header());
    private static final String TYPE = normalize(ChatColumn.TYPE.header());

    private final List<String> header;
    private final Map<Field, Integer> fields;
    private final int updatedAtIndex;
    private final int typeIndex;
    private final Map<String, Integer> attributeColumns;
    private final List<String> unknown;
    private final List<String> ignored;

    private ImportColumns(List<String> header, Map<Field, Integer> fields, Map<String, Integer> attributeColumns,
            List<String> unknown, List<String> ignored, int updatedAtIndex, int typeIndex) {
        this.header = header;
        this.fields = fields;
        this.updatedAtIndex = updatedAtIndex;
        this.typeIndex = typeIndex;
        this.attributeColumns = attributeColumns;
        this.unknown = unknown;
        this.ignored = ignored;
    }

    /**
     * Maps a header row.
     *
     * @param headerRowNo the header's spreadsheet row number, for messages
     * @throws InvalidInputException when there is no uuid column or a field appears twice
     */
    public static ImportColumns of(List<String> header, int headerRowNo) {
        return of(header, headerRowNo, "");
    }

    /**
     * Maps a header row.
     *
     * @param headerRowNo the header's spreadsheet row number, for messages
     * @param noUuidHint appended to the message when there is no uuid column ("" for none)
     * @throws InvalidInputException when there is no uuid column or a field appears twice
     */
    public static ImportColumns of(List<String> header, int headerRowNo, String noUuidHint) {
        Map<Field, Integer> fields = new EnumMap<>(Field.class);
        Map<String, Integer> attributes = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        int updatedAt = -1;
        int type = -1;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? "" : header.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.toLowerCase(Locale.ROOT).startsWith(ATTRIBUTE_PREFIX)) {
                String key = name.substring(ATTRIBUTE_PREFIX.length()).strip();
                if (key.isEmpty()) {
                    throw new InvalidInputException("column " + columnLetter(i) + " of the header (row " + headerRowNo
                            + ") is '" + name + "' without an attribute key: name it attr:<key>, e.g. attr:plan");
                }
                Integer before = attributes.putIfAbsent(key, i);
                if (before != null) {
                    throw duplicate(name, before, i, headerRowNo);
                }
                continue;
            }
            String norm = normalize(name);
            Field field = ALIASES.get(norm);
            if (norm.equals(UPDATED_AT) || ChatColumn.UPDATED_AT.importAliases().stream().anyMatch(a -> normalize(a).equals(norm))) {
                if (updatedAt >= 0) {
                    throw duplicate(name, updatedAt, i, headerRowNo);
                }
                updatedAt = i;
                continue;
            }
            if (norm.equals(TYPE) && type < 0) {
                type = i;
            }
            if (field != null) {
                Integer before = fields.putIfAbsent(field, i);
                if (before != null) {
                    throw duplicate(name, before, i, headerRowNo);
                }
            } else if (READ_ONLY.contains(norm)) {
                ignored.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!fields.containsKey(Field.UUID)) {
            throw new InvalidInputException("no 'uuid' column in the header (row " + headerRowNo + "; found: "
                    + String.join(", ", header.stream().filter(h -> h != null && !h.isBlank()).toList())
                    + "). Every row needs the chat's uuid: start from an export's chats.csv or add a 'uuid' column" + noUuidHint);
        }
        return new ImportColumns(List.copyOf(header.stream().map(h -> h == null ? "" : h).toList()), fields,
                attributes, List.copyOf(unknown), List.copyOf(ignored), updatedAt, type);
    }

    private static InvalidInputException duplicate(String name, int first, int second, int headerRowNo) {
        return new InvalidInputException("the header (row " + headerRowNo + ") has the column '" + name + "' twice ("
                + columnLetter(first) + " and " + columnLetter(second) + "): keep one of them");
    }

    /** A spreadsheet column letter (0 → A, 26 → AA). */
    public static String columnLetter(int index) {
        StringBuilder sb = new StringBuilder();
        int n = index + 1;
        while (n > 0) {
            int rem = (n - 1) % 26;
            sb.insert(0, (char) ('A' + rem));
            n = (n - 1) / 26;
        }
        return sb.toString();
    }

    public List<String> header() {
        return header;
    }

    public boolean has(Field field) {
        return fields.containsKey(field);
    }

    /**
     * The cell of {@code field} in {@code cells}, or {@code null} when there is no such column or cell. A cell
     * the export's workbook cut at Excel's limit (ending in its truncation marker) counts as blank: the field
     * is left unchanged rather than overwritten with the cut text.
     */
    public String cell(List<String> cells, Field field) {
        Integer index = fields.get(field);
        String cell = index == null || index >= cells.size() ? null : cells.get(index);
        return XlsxText.isTruncated(cell) ? null : cell;
    }

    /** Whether the header has an {@code updated_at} column (the rows may carry the time they were exported). */
    public boolean hasUpdatedAt() {
        return updatedAtIndex >= 0;
    }

    /** The row's {@code updated_at} cell, or {@code null} when there is no such column or cell. */
    public String updatedAt(List<String> cells) {
        return updatedAtIndex < 0 || updatedAtIndex >= cells.size() ? null : cells.get(updatedAtIndex);
    }

    /** The row's {@code type} cell, or {@code null} when there is no such column or cell. */
    public String type(List<String> cells) {
        return typeIndex < 0 || typeIndex >= cells.size() ? null : cells.get(typeIndex);
    }

    /** The {@code attr:<key>} columns: key → column index, in header order. */
    public Map<String, Integer> attributeColumns() {
        return Collections.unmodifiableMap(attributeColumns);
    }

    public String headerName(Field field) {
        Integer index = fields.get(field);
        return index == null ? field.name().toLowerCase(Locale.ROOT) : header.get(index).strip();
    }

    public List<String> unknownColumns() {
        return unknown;
    }

    public List<String> ignoredColumns() {
        return ignored;
    }
}
