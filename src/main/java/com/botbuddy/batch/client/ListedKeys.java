package com.botbuddy.batch.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One page of {@code GET /inbox/direct/chats} for a reader that keeps the page as the API sent it and reads
 * its chats in full later: each chat's {@link Chat#keyOf key}, in listing order, and the body. Only the
 * envelope and the keys are taken from the body; every other value is stepped over, not built, which costs
 * a fraction of parsing the chats. The whole body is still read token by token, so a malformed one fails
 * here, as a full parse would.
 */
public record ListedKeys(List<String> keys, byte[] body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Why an answer is no page at all: it has neither the envelope's {@code success} nor its {@code data}. (The
     * envelope with {@code success} and no or a null {@code data} is an empty page.)
     */
    static final String NOT_A_LISTING = "the answer is not a listing: no 'data' list and no 'success'";

    /** The keys of a parsed page, and its body as sent or else the listing as JSON. */
    public static ListedKeys of(ListedChats listed) {
        List<String> keys = new ArrayList<>(listed.listing().chats().size());
        for (Chat chat : listed.listing().chats()) {
            keys.add(chat.key());
        }
        return new ListedKeys(keys, listed.body() != null ? listed.body() : JSON.writeValueAsBytes(listed.listing()));
    }

    /** The envelope's {@code success} and {@code message}, and the keys of {@code data}. */
    record Scan(Boolean success, String message, List<String> keys) {
    }

    static Scan scan(JsonMapper mapper, byte[] body) {
        try (JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new StreamReadException(p, "a listing is a JSON object");
            }
            Boolean success = null;
            String message = null;
            List<String> keys = new ArrayList<>();
            boolean sawData = false;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "success" -> success = value == JsonToken.VALUE_NULL ? null : p.getValueAsBoolean();
                    case "message" -> message = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                    case "data" -> {
                        sawData = value == JsonToken.START_ARRAY || value == JsonToken.VALUE_NULL;
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                keys.add(key(p));
                            }
                            if (p.currentToken() != JsonToken.END_ARRAY) {
                                throw new StreamReadException(p, "a chat in 'data' is not a JSON object");
                            }
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new StreamReadException(p, "'data' is not a list of chats");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (!sawData && success == null) {
                throw new StreamReadException(p, NOT_A_LISTING);
            }
            return new Scan(success, message, keys);
        }
    }

    /** The key of the chat whose object starts at the parser's current token; leaves it at the object's end. */
    private static String key(JsonParser p) {
        String id = null;
        String uuid = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            if (value.isScalarValue() && value != JsonToken.VALUE_NULL && (name.equals("_id") || name.equals("uuid"))) {
                if (name.equals("_id")) {
                    id = p.getValueAsString();
                } else {
                    uuid = p.getValueAsString();
                }
            } else {
                p.skipChildren();
            }
        }
        return Chat.keyOf(id, uuid);
    }
}
