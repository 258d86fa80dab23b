package com.botbuddy.batch.report;

import java.util.List;

/**
 * The columns of {@code chats.csv} and the XLSX Chats sheet, in order. Defined once: the export's
 * writers and the import's reader both use these names.
 */
public final class ChatColumns {
    public static final String ID = "id";
    public static final String UUID = "uuid";
    public static final String TYPE = "type";
    public static final String STATUS = "status";
    public static final String NAME = "name";
    public static final String EMAIL = "email";
    public static final String DIAL_CODE = "dial_code";
    public static final String PHONE = "phone";
    public static final String AGENT_ID = "agent_id";
    public static final String CITY = "city";
    public static final String COUNTRY = "country";
    public static final String GENDER = "gender";
    public static final String TAGS = "tags";
    public static final String NOTES = "notes";
    public static final String ATTRIBUTES = "attributes";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String LAST_SEEN_AT = "last_seen_at";
    public static final String LAST_MESSAGE_AT = "last_message_at";
    public static final String LAST_MESSAGE_BY = "last_message_by";
    public static final String LAST_MESSAGE = "last_message";
    public static final String WEBSITE_VISITS = "website_visits";
    public static final String IS_ONLINE = "is_online";
    public static final String PICTURE = "picture";

    public static final List<String> NAMES = List.of(ID, UUID, TYPE, STATUS, NAME, EMAIL, DIAL_CODE, PHONE, AGENT_ID,
            CITY, COUNTRY, GENDER, TAGS, NOTES, ATTRIBUTES, CREATED_AT, UPDATED_AT, LAST_SEEN_AT, LAST_MESSAGE_AT,
            LAST_MESSAGE_BY, LAST_MESSAGE, WEBSITE_VISITS, IS_ONLINE, PICTURE);

    private ChatColumns() {
    }
}
