package com.botbuddy.batch.cli;

import java.util.regex.Pattern;

/** Words for a command line an operator can paste into a POSIX shell as printed. */
final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private ShellWords() {
    }

    /** {@code word} as is when the shell reads it unchanged, else in single quotes ({@code '} as {@code '\''}). */
    static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
