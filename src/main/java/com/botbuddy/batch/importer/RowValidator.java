package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.HttpUrls;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.importer.ImportColumns.Field;
import com.botbuddy.batch.report.ListEncoding;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns a spreadsheet row into an update body, or a rejection naming every problem of the row. Rules:
 * <ul>
 * <li>A blank cell leaves the field unchanged (not sent); {@value #CLEAR} clears it (sends "" or []).
 *     {@code uuid}, {@code bot_id}, {@code customer_id} and {@code status} cannot be cleared.</li>
 * <li>{@code uuid}: required, UUID syntax (8-4-4-4-12 hex digits).</li>
 * <li>{@code bot_id}/{@code customer_id}: the job's option when given; a row value that differs from the option is
 *     rejected (a file meant for another bot must not be sent to this one); without an option the row's value is
 *     required.</li>
 * <li>{@code status}: one of the six API values, any case, spaces/hyphens/underscores ignored ({@code In progress},
 *     {@code on-hold}, {@code Dependency} for {@code DEPENDANCY}); sent in the API's spelling.</li>
 * <li>{@code email}: {@code local@domain.tld} syntax. {@code picture}: an http(s) URL with a host.</li>
 * <li>{@code phone}: digits after removing spaces and {@code ( ) . - /}; with a leading {@code +} the country code is
 *     split off with libphonenumber into {@code dialCode}. {@code dial_code}: {@code 91}, {@code +91}, {@code '+91}
 *     all send {@code +91}. A phone in scientific notation (a spreadsheet mangled it) is rejected.</li>
 * <li>{@code updated_at} (read, never sent): the time the row's values were exported, as {@link ExportTime} reads
 *     it; blank means the row is not checked against the live chat.</li>
 * <li>{@code tags}, {@code notes}, {@code attributes}: {@link ListEncoding}; {@code attr:<key>} columns set one
 *     attribute each, on top of the {@code attributes} cell ({@value #CLEAR} in an {@code attr:} cell removes that key).
 *     The API replaces the whole attribute list, so a row with {@code attr:} cells needs its {@code attributes}
 *     cell ({@code []} to keep only those): without it the row is rejected rather than erase the others.</li>
 * </ul>
 */
public final class RowValidator {

    /** The cell value that clears a field (sends an empty string or list). Matched ignoring case and surrounding spaces. */
    public static final String CLEAR = "(clear)";

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().\\-/\u00A0]");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]{3,17}$");
    private static final Pattern SCIENTIFIC = Pattern.compile("^[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+$");
    private static final Pattern DIAL_CODE = Pattern.compile("^\\+?[0-9]{1,4}$");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final ImportColumns columns;
    private final String botIdOption;
    private final String customerIdOption;

    /**
     * @param botIdOption the job's {@code botId} ("" when not given)
     * @param customerIdOption the job's {@code customerId} ("" when not given)
     */
    public RowValidator(ImportColumns columns, String botIdOption, String customerIdOption) {
        this.columns = columns;
        this.botIdOption = botIdOption == null ? "" : botIdOption.strip();
        this.customerIdOption = customerIdOption == null ? "" : customerIdOption.strip();
    }

    public ValidatedRow validate(SheetRow row) {
        List<String> problems = new ArrayList<>();
        if (row.problem() != null) {
            problems.add(row.problem());
        }
        List<String> cells = row.cells();

        String uuid = null;
        String uuidCell = value(cells, Field.UUID);
        if (uuidCell == null) {
            problems.add("uuid is missing: every row needs the chat's uuid");
        } else if (!UUID.matcher(uuidCell).matches()) {
            problems.add("uuid '" + shorten(uuidCell) + "' is not a UUID (expected 8-4-4-4-12 hex digits, "
                    + "e.g. 123e4567-e89b-12d3-a456-426614174000)");
        } else {
            uuid = uuidCell.toLowerCase(Locale.ROOT);
        }

        String botId = scopeId(cells, Field.BOT_ID, botIdOption, "botId", "--bot-id", problems);
        String customerId = scopeId(cells, Field.CUSTOMER_ID, customerIdOption, "customerId", "--customer-id", problems);

        String status = null;
        String statusCell = value(cells, Field.STATUS);
        if (statusCell != null) {
            if (isClear(statusCell)) {
                problems.add("status cannot be cleared; use one of " + allowedStatuses());
            } else {
                LeadStatus parsed = LeadStatus.parseLenient(statusCell);
                if (parsed == null) {
                    problems.add("status '" + shorten(statusCell) + "' is not allowed; use one of " + allowedStatuses());
                } else {
                    status = parsed.name();
                }
            }
        }

        String name = text(cells, Field.NAME);
        String agentId = text(cells, Field.AGENT_ID);

        String email = trimmed(cells, Field.EMAIL);
        if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
            problems.add("email '" + shorten(email) + "' is not an email address (expected name@domain.tld)");
            email = null;
        }

        String picture = trimmed(cells, Field.PICTURE);
        if (picture != null && !picture.isEmpty() && !HttpUrls.isAbsoluteHttp(picture)) {
            problems.add("picture '" + shorten(picture) + "' is not an http(s) URL (expected https://host/path)");
            picture = null;
        }

        String[] phone = phone(cells, problems);

        List<String> tags = null;
        List<LeadUpdate.NoteInput> notes = null;
        List<Chat.Attribute> attributes = null;
        String tagsCell = value(cells, Field.TAGS);
        if (tagsCell != null) {
            try {
                tags = isClear(tagsCell) ? List.of() : ListEncoding.decodeTags(tagsCell);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String notesCell = value(cells, Field.NOTES);
        if (notesCell != null) {
            try {
                notes = isClear(notesCell) ? List.of() : ListEncoding.decodeNotes(notesCell);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        String attributesCell = value(cells, Field.ATTRIBUTES);
        if (attributesCell != null) {
            try {
                attributes = isClear(attributesCell) ? List.of() : ListEncoding.decodeAttributes(attributesCell);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        attributes = mergeAttributeColumns(cells, attributes, attributesCell != null, problems);

        Long updatedAt = null;
        String updatedCell = columns.updatedAt(cells);
        if (updatedCell != null && !updatedCell.isBlank()) {
            try {
                updatedAt = ExportTime.parseMillis(updatedCell);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        ChatType type = null;
        String typeCell = columns.type(cells);
        if (typeCell != null && !typeCell.isBlank()) {
            try {
                type = ChatType.fromApiValue(typeCell.strip());
            } catch (IllegalArgumentException e) {
                type = null; // any other text: the chat may be in either listing
            }
        }

        if (!problems.isEmpty()) {
            return new ValidatedRow(row.rowNo(), uuid, null, String.join("; ", problems), cells, updatedAt, type);
        }
        LeadUpdate body = new LeadUpdate(uuid, botId, customerId, agentId, status, picture, name, email,
                phone[0], phone[1], notes, tags, attributes);
        return new ValidatedRow(row.rowNo(), uuid, body, null, cells, updatedAt, type);
    }

    /**
     * The attributes to send: the row's {@code attributes} cell with its {@code attr:} cells applied. The API
     * replaces the whole list, so {@code attr:} cells on a row whose {@code attributes} cell is blank would erase
     * every other attribute of the chat: such a row is rejected, naming what to fill in.
     */
    private List<Chat.Attribute> mergeAttributeColumns(List<String> cells, List<Chat.Attribute> fromCell,
            boolean attributesGiven, List<String> problems) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Integer> column : columns.attributeColumns().entrySet()) {
            int index = column.getValue();
            String cell = index < cells.size() ? cells.get(index) : null;
            if (cell == null || cell.isBlank()) {
                continue;
            }
            if (isClear(cell)) {
                removed.add(column.getKey());
            } else {
                set.put(column.getKey(), cell);
            }
        }
        if (set.isEmpty() && removed.isEmpty()) {
            return fromCell;
        }
        if (!attributesGiven) {
            List<String> named = new ArrayList<>(set.keySet());
            named.addAll(removed);
            problems.add(named.stream().map(k -> ImportColumns.ATTRIBUTE_PREFIX + k).collect(
                    java.util.stream.Collectors.joining(", ")) + " with a blank attributes cell would replace the"
                    + " chat's whole attribute list (the API keeps no others): fill in the row's attributes as they are"
                    + " (an export's chats.csv has them), or [] to keep only these");
            return null;
        }
        List<Chat.Attribute> merged = new ArrayList<>();
        if (fromCell != null) {
            for (Chat.Attribute a : fromCell) {
                if (a.key() != null && (set.containsKey(a.key()) || removed.contains(a.key()))) {
                    continue;
                }
                merged.add(a);
            }
        }
        set.forEach((k, v) -> merged.add(new Chat.Attribute(k, v)));
        return merged;
    }

    /** [phone, dialCode], each null when not sent. */
    private String[] phone(List<String> cells, List<String> problems) {
        String phoneCell = value(cells, Field.PHONE);
        String dialCell = value(cells, Field.DIAL_CODE);
        String dialCode = null;
        if (dialCell != null) {
            if (isClear(dialCell)) {
                dialCode = "";
            } else {
                String d = dialCell.replaceAll("\\s+", "");
                if (d.startsWith("00")) {
                    d = "+" + d.substring(2);
                }
                if (!DIAL_CODE.matcher(d).matches()) {
                    problems.add("dial_code '" + shorten(dialCell) + "' is not a country calling code (expected e.g. +91 or 91)");
                } else {
                    dialCode = "+" + (d.startsWith("+") ? d.substring(1) : d);
                }
            }
        }
        if (phoneCell == null) {
            return new String[] { null, dialCode };
        }
        if (isClear(phoneCell)) {
            return new String[] { "", dialCode };
        }
        if (SCIENTIFIC.matcher(phoneCell.strip()).matches()) {
            problems.add("phone '" + shorten(phoneCell) + "' is in scientific notation (the spreadsheet turned it into a "
                    + "number): format the phone column as Text and type the digits again");
            return new String[] { null, dialCode };
        }
        String compact = PHONE_PUNCTUATION.matcher(phoneCell).replaceAll("");
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        if (compact.startsWith("+")) {
            PhoneNumber parsed;
            try {
                parsed = PHONES.parse(compact, "ZZ");
            } catch (NumberParseException e) {
                problems.add("phone '" + shorten(phoneCell) + "' is not a phone number (" + e.getMessage() + ")");
                return new String[] { null, dialCode };
            }
            String split = "+" + parsed.getCountryCode();
            if (dialCode != null && !dialCode.isEmpty() && !dialCode.equals(split)) {
                problems.add("phone '" + shorten(phoneCell) + "' has country code " + split + " but dial_code says "
                        + dialCode + ": make them agree or leave dial_code blank");
                return new String[] { null, dialCode };
            }
            String national = PHONES.getNationalSignificantNumber(parsed);
            if (!DIGITS.matcher(national).matches()) {
                problems.add("phone '" + shorten(phoneCell) + "' must be digits after the country code");
                return new String[] { null, dialCode };
            }
            return new String[] { national, split };
        }
        if (!DIGITS.matcher(compact).matches()) {
            problems.add("phone '" + shorten(phoneCell) + "' must be 3 to 17 digits (spaces and ( ) . - / are ignored; "
                    + "a leading + gives the country code)");
            return new String[] { null, dialCode };
        }
        return new String[] { compact, dialCode };
    }

    private String scopeId(List<String> cells, Field field, String option, String apiName, String optionName,
            List<String> problems) {
        String cell = value(cells, field);
        if (cell != null && isClear(cell)) {
            problems.add(apiName + " cannot be cleared");
            return null;
        }
        if (!option.isEmpty()) {
            if (cell != null && !cell.equals(option)) {
                problems.add(apiName + " '" + shorten(cell) + "' differs from " + optionName + " " + option
                        + ": this row belongs to another bot; import it separately or fix the cell");
                return null;
            }
            return option;
        }
        if (cell == null) {
            problems.add(apiName + " is missing: fill the " + columns.headerName(field) + " column or pass " + optionName);
            return null;
        }
        return cell;
    }

    /** The stripped cell, or null when there is no such column or the cell is blank. */
    private String value(List<String> cells, Field field) {
        String cell = columns.cell(cells, field);
        return cell == null || cell.isBlank() ? null : cell.strip();
    }

    /** A free-text field, sent exactly as in the cell: null (blank: unchanged), "" (clear) or the text. */
    private String text(List<String> cells, Field field) {
        String cell = columns.cell(cells, field);
        if (cell == null || cell.isBlank()) {
            return null;
        }
        return isClear(cell) ? "" : cell;
    }

    /** A field with a syntax (email, picture): surrounding spaces removed. */
    private String trimmed(List<String> cells, Field field) {
        String cell = text(cells, field);
        return cell == null ? null : cell.strip();
    }

    public static boolean isClear(String cell) {
        return cell != null && cell.strip().equalsIgnoreCase(CLEAR);
    }

    static String allowedStatuses() {
        List<String> names = new ArrayList<>();
        for (LeadStatus s : LeadStatus.values()) {
            names.add(s.name());
        }
        return String.join(", ", names) + " (any case; 'In progress', 'On hold', 'Dependency' also accepted)";
    }

    private static String shorten(String text) {
        String one = text.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() > 60 ? one.substring(0, 60) + "..." : one;
    }
}
