package com.botbuddy.batch.report;

/**
 * Keeps visitor text from becoming a spreadsheet formula. On the way out a value that starts with
 * {@code = + - @}, a tab or a carriage return gets a leading {@code '}; on the way in exactly that
 * prefix is removed again (and nothing else is touched).
 * <p>
 * So that every value reads back as it was written, a value that already starts with {@code '} and then a
 * trigger ({@code '=x}, as a visitor may type it) gets one more: {@code ''=x} reads back as {@code '=x}. In
 * CSV that is part of {@link #guard}; in XLSX string cells, which never need the guard, {@link #keepThroughUnguard}
 * adds it to just those values.
 */
public final class FormulaGuard {
    public static final char PREFIX = '\'';

    private FormulaGuard() {
    }

    public static boolean isTrigger(char c) {
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    /** Whether {@code value} is {@code '}s (one or more) and then a trigger: what {@link #unguard} shortens. */
    private static boolean quotedTrigger(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) == PREFIX) {
            i++;
        }
        return i > 0 && i < value.length() && isTrigger(value.charAt(i));
    }

    /** The value as it may safely be written to a CSV cell. {@code null} stays {@code null}. */
    public static String guard(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return isTrigger(value.charAt(0)) || quotedTrigger(value) ? PREFIX + value : value;
    }

    /**
     * The value for a cell that cannot become a formula (an XLSX string cell) but is read back through
     * {@link #unguard}: unchanged, unless unguarding would change it ({@code '=x} becomes {@code ''=x}).
     */
    public static String keepThroughUnguard(String value) {
        return value != null && quotedTrigger(value) ? PREFIX + value : value;
    }

    /** Undoes {@link #guard}: removes a {@code '} only when a trigger follows it (after any further {@code '}s). */
    public static String unguard(String value) {
        return value != null && quotedTrigger(value) ? value.substring(1) : value;
    }
}
