package com.botbuddy.batch.export;

import com.botbuddy.batch.ops.InvalidInputException;

/** Bot and customer ids become folder names: only plain, printable names are accepted. */
public final class SafeIds {
    private SafeIds() {
    }

    public static void check(String what, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(what + " is required (--bot-id / --customer-id)");
        }
        if (id.length() > 200 || id.equals(".") || id.contains("..") || id.contains("/") || id.contains("\\")
                || id.chars().anyMatch(c -> Character.isISOControl(c) || c == ':')
                || !id.strip().equals(id)) {
            throw new InvalidInputException(what + " '" + printable(id) + "' is not a safe folder name (no '/', '\\',"
                    + " '..', ':', control characters or surrounding spaces); copy it from the bot's page URL "
                    + "https://page.botbuddyai.com/<botId>/<customerId>");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
