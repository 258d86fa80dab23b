package com.botbuddy.batch.report;

/**
 * UTF-8 for the report's files: straight into a byte buffer for {@link ChatsSheetStream}'s hand-written encoder
 * (which writes ASCII itself and hands everything above it here), and as a writer for the others.
 */
final class Utf8 {
    /** U+FFFD, what an unpaired surrogate (legal in the API's JSON, not in UTF-8) is written as. */
    static final int REPLACEMENT = 0xFFFD;

    private Utf8() {
    }

    /**
     * A writer of UTF-8 to {@code out} that writes an unpaired surrogate as U+FFFD instead of failing, as
     * {@link #put} does; buffered by the caller where it needs to be.
     */
    static java.io.Writer writer(java.io.OutputStream out) {
        java.nio.charset.CharsetEncoder encoder = java.nio.charset.StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD});
        return new java.io.OutputStreamWriter(out, encoder);
    }

    /** Whether {@code value} holds a surrogate pair at {@code i} (a character above U+FFFF, two chars long). */
    static boolean pairAt(String value, int i) {
        return Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
    }

    /**
     * Writes one code point above ASCII (a surrogate pair's, or a lone surrogate as itself, which is written as
     * U+FFFD) at {@code position}, with room for 4 bytes; returns the position after it.
     */
    static int put(byte[] buffer, int position, int codePoint) {
        int cp = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE ? REPLACEMENT : codePoint;
        if (cp < 0x800) {
            buffer[position++] = (byte) (0xC0 | (cp >> 6));
        } else if (cp < 0x10000) {
            buffer[position++] = (byte) (0xE0 | (cp >> 12));
            buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        } else {
            buffer[position++] = (byte) (0xF0 | (cp >> 18));
            buffer[position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        }
        buffer[position++] = (byte) (0x80 | (cp & 0x3F));
        return position;
    }
}
