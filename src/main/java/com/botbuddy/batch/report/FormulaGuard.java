package com.botbuddy.batch.report;

/**
 * Keeps visitor text from becoming a spreadsheet formula. On the way out a value that starts with
 * {@code = + - @}, a tab or a carriage return gets a leading {@code '}; on the way in exactly that
 * prefix is removed again (and nothing else is touched).
 */
public final class FormulaGuard {
    public static final char PREFIX = '\'';

    private FormulaGuard() {
    }

    public static boolean isTrigger(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** The value as it may safely be written to a CSV cell. {@code null} stays {@code null}. */
    public static String guard(String value) {
        if (value == null || value.isEmpty() || !isTrigger(value.charAt(0))) {
            return value;
        }
        return PREFIX + value;
    }

    /** Undoes {@link #guard}: removes a {@code '} only when a trigger character follows it. */
    public static String unguard(String value) {
        if (value != null && value.length() >= 2 && value.charAt(0) == PREFIX && isTrigger(value.charAt(1))) {
            return value.substring(1);
        }
        return value;
    }
}
