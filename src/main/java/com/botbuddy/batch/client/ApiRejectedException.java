package com.botbuddy.batch.client;

/** 400 (the request is at fault) or {@code success: false} in a 200: not retried. {@link #responseText()} is what the API said. */
public class ApiRejectedException extends ApiException {
    private final String responseText;

    public ApiRejectedException(int status, String responseText) {
        super(status, "API answered " + status + ": " + abbreviate(responseText), null);
        this.responseText = responseText == null ? "" : responseText;
    }

    public String responseText() {
        return responseText;
    }

    /** What the API said, on one line and at most 300 characters: for a message to the operator. */
    public String reason() {
        return abbreviate(responseText);
    }

    static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
