package com.botbuddy.batch.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates the body of {@code PUT /inbox/direct/lead} the way the sandbox (standing in for the real API)
 * accepts it. Any rule broken gives a {@link BadRequest} whose message is the 400 answer's text.
 * <ul>
 * <li>{@code uuid}, {@code botId}, {@code customerId}: required non-empty strings;</li>
 * <li>{@code status}: one of the six, exactly as the API spells them ({@code DEPENDANCY});</li>
 * <li>{@code picture}: an absolute http(s) URL with a host, or empty (clears);</li>
 * <li>{@code email}: matches {@link SandboxData#EMAIL}, or empty (clears);</li>
 * <li>{@code phone}: 4 to 15 digits (spaces, dots, hyphens and brackets are ignored), or empty (clears);</li>
 * <li>{@code dialCode}: "+" then 1 to 4 digits, or empty;</li>
 * <li>{@code agentId}, {@code name}: strings;</li>
 * <li>{@code notes}: array of objects with string {@code title}/{@code description} (at least one of them);
 *     {@code tags}: array of strings; {@code attributes}: array of objects with a non-empty string {@code key} and a
 *     string {@code value}.</li>
 * </ul>
 * {@code null} or an absent field means "leave unchanged"; unknown fields are ignored.
 */
public final class LeadUpdateParser {

    /** A rule of the update body was broken; the message is the 400 answer's text. */
    public static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonMapper mapper;

    public LeadUpdateParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code uuid} of a body, if it has a string one (for counting requests per uuid even when invalid). */
    public static String uuidOf(JsonNode body) {
        JsonNode uuid = body == null ? null : body.get("uuid");
        return uuid != null && uuid.isString() ? uuid.stringValue() : null;
    }

    public JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw new BadRequest("request body is empty: expected a JSON object with uuid, botId and customerId");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequest("request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return node;
    }

    public LeadUpdate parse(JsonNode body) {
        String uuid = requiredText(body, "uuid");
        String botId = requiredText(body, "botId");
        String customerId = requiredText(body, "customerId");
        String agentId = optionalText(body, "agentId");
        String status = optionalText(body, "status");
        if (status != null && !isStatus(status)) {
            throw new BadRequest("status must be one of OPEN, INPROGRESS, REVIEW, ONHOLD, DEPENDANCY, CLOSED");
        }
        String picture = optionalText(body, "picture");
        if (picture != null && !picture.isEmpty() && !isHttpUrl(picture)) {
            throw new BadRequest("picture must be a valid http(s) URL");
        }
        String name = optionalText(body, "name");
        String email = optionalText(body, "email");
        if (email != null && !email.isEmpty() && !SandboxData.EMAIL.matcher(email).matches()) {
            throw new BadRequest("email is not a valid email address");
        }
        String phone = optionalText(body, "phone");
        if (phone != null && !phone.isEmpty()) {
            String digits = digitsOf(phone);
            if (digits == null || digits.length() < 4 || digits.length() > 15) {
                throw new BadRequest("phone must be 4 to 15 digits");
            }
        }
        String dialCode = optionalText(body, "dialCode");
        if (dialCode != null && !dialCode.isEmpty() && !dialCode.matches("\\+[0-9]{1,4}")) {
            throw new BadRequest("dialCode must be '+' followed by digits, e.g. +91");
        }
        List<LeadUpdate.NoteInput> notes = notes(body.get("notes"));
        List<String> tags = tags(body.get("tags"));
        List<Chat.Attribute> attributes = attributes(body.get("attributes"));
        return new LeadUpdate(uuid, botId, customerId, agentId, status, picture, name, email, phone, dialCode, notes,
                tags, attributes);
    }

    /** The digits of a phone number written with optional spaces, dots, hyphens or brackets; null if anything else. */
    static String digitsOf(String phone) {
        StringBuilder sb = new StringBuilder(phone.length());
        for (int k = 0; k < phone.length(); k++) {
            char ch = phone.charAt(k);
            if (ch >= '0' && ch <= '9') {
                sb.append(ch);
            } else if (ch != ' ' && ch != '-' && ch != '.' && ch != '(' && ch != ')') {
                return null;
            }
        }
        return sb.toString();
    }

    private static boolean isStatus(String status) {
        for (LeadStatus s : LeadStatus.values()) {
            if (s.name().equals(status)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw new BadRequest(field + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new BadRequest(field + " must be a string");
        }
        return node.stringValue();
    }

    private static List<LeadUpdate.NoteInput> notes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new BadRequest("notes must be an array of {title, description}");
        }
        List<LeadUpdate.NoteInput> notes = new ArrayList<>(node.size());
        for (JsonNode item : node.values()) {
            if (!item.isObject()) {
                throw new BadRequest("notes must be an array of {title, description}");
            }
            String title = optionalText(item, "title");
            String description = optionalText(item, "description");
            if (title == null && description == null) {
                throw new BadRequest("a note needs a title or a description");
            }
            notes.add(new LeadUpdate.NoteInput(title, description));
        }
        return notes;
    }

    private static List<String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new BadRequest("tags must be an array of strings");
        }
        List<String> tags = new ArrayList<>(node.size());
        for (JsonNode item : node.values()) {
            if (!item.isString()) {
                throw new BadRequest("tags must be an array of strings");
            }
            tags.add(item.stringValue());
        }
        return tags;
    }

    private static List<Chat.Attribute> attributes(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new BadRequest("attributes must be an array of {key, value}");
        }
        List<Chat.Attribute> attributes = new ArrayList<>(node.size());
        for (JsonNode item : node.values()) {
            if (!item.isObject()) {
                throw new BadRequest("attributes must be an array of {key, value}");
            }
            String key = optionalText(item, "key");
            if (key == null || key.isEmpty()) {
                throw new BadRequest("an attribute needs a non-empty key");
            }
            String value = optionalText(item, "value");
            attributes.add(new Chat.Attribute(key, value));
        }
        return attributes;
    }
}
