package com.botbuddy.batch.report;

import java.util.List;

/**
 * The series colours of every chart the reports draw (workbook and HTML page), defined once. The Okabe-Ito
 * colours: told apart with the common colour-vision deficiencies, and dark enough on white paper. Each chart
 * gives its series their colours explicitly, in this order: a viewer without Office's built-in theme
 * (LibreOffice, Gnumeric, mail previews) otherwise draws series without a colour as nothing.
 */
public final class ChartPalette {
    /** {@code #RRGGBB}, in the order series take them. */
    public static final List<String> HEX = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00");

    private ChartPalette() {
    }

    /** The colour of the {@code index}-th series ({@code #RRGGBB}), the palette repeating past its end. */
    public static String hex(int index) {
        return HEX.get(Math.floorMod(index, HEX.size()));
    }

    /** The colour of the {@code index}-th series as red, green and blue bytes. */
    public static byte[] rgb(int index) {
        String hex = hex(index);
        return new byte[] {(byte) Integer.parseInt(hex.substring(1, 3), 16), (byte) Integer.parseInt(hex.substring(3, 5), 16),
            (byte) Integer.parseInt(hex.substring(5, 7), 16)};
    }
}
