package com.botbuddy.batch.report;

/**
 * Makes any text fit an XLSX cell: characters XML 1.0 cannot hold (control characters other than tab,
 * newline and carriage return, unpaired surrogates, U+FFFE/U+FFFF) become U+FFFD, and text over Excel's
 * 32,767 characters is cut, ending with a visible marker that says where the full text is.
 */
public final class XlsxText {
    static final int MAX_CELL_CHARS = 32_767;
    static final char REPLACEMENT = '\uFFFD';

    private XlsxText() {
    }

    /**
     * @param fullTextFile the file that keeps the full text ({@code chats.csv}), or {@code null} when none does
     */
    static String cell(String value, String fullTextFile) {
        String clean = xmlSafe(value);
        if (clean.length() <= MAX_CELL_CHARS) {
            return clean;
        }
        String marker = "\u2026[truncated, " + clean.length() + " chars"
                + (fullTextFile == null ? "" : " in " + fullTextFile) + "]";
        int keep = MAX_CELL_CHARS - marker.length();
        if (Character.isHighSurrogate(clean.charAt(keep - 1))) {
            keep--; // never split a surrogate pair
        }
        return clean.substring(0, keep) + marker;
    }

    private static final java.util.regex.Pattern TRUNCATED =
            java.util.regex.Pattern.compile("\u2026\\[truncated, \\d+ chars( in [^\\]]+)?]$");

    /** Whether a cell holds text this report cut at Excel's cell limit (its end is the marker written above). */
    public static boolean isTruncated(String cell) {
        return cell != null && cell.length() >= MAX_CELL_CHARS - 64 && TRUNCATED.matcher(cell).find();
    }

    static String xmlSafe(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1));
                if (ok) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                ok = false;
            } else {
                ok = c >= 0x20 ? c != '\uFFFE' && c != '\uFFFF' : c == '\t' || c == '\n' || c == '\r';
            }
            if (!ok && out == null) {
                out = new StringBuilder(length).append(value, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : REPLACEMENT);
            }
        }
        return out == null ? value : out.toString();
    }
}
