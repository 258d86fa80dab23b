package com.botbuddy.batch.client;

/** The listing's {@code type} query parameter: leads and non-leads are separate listings. */
public enum ChatType {
    LEAD("lead"), NON_LEAD("non-lead");

    private final String apiValue;

    ChatType(String apiValue) {
        this.apiValue = apiValue;
    }

    /** The value sent as {@code type=} and written in reports. */
    public String apiValue() {
        return apiValue;
    }

    public static ChatType fromApiValue(String value) {
        for (ChatType type : values()) {
            if (type.apiValue.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown chat type '" + value + "' (expected lead or non-lead)");
    }
}
