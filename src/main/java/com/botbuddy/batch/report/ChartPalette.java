package com.botbuddy.batch.report;

/**
 * The colours of every report chart, one per series, so that a series has the same colour in each chart and
 * each format. They are the Okabe-Ito colours, told apart by readers with the common colour-vision
 * deficiencies, and each chart sets them explicitly (a viewer's default theme never decides them).
 */
public enum ChartPalette {
    /** All chats: the funnel's first stage, the daily conversations. */
    CONVERSATIONS("0072B2"),
    /** Leads: the funnel's second stage, leads by status, per agent and per day. */
    LEADS("E69F00"),
    /** Leads with an email or a phone number. */
    CONTACTABLE("56B4E9"),
    /** Leads whose status is set and not OPEN. */
    WORKED("CC79A7"),
    /** Leads whose status is CLOSED: the funnel's last stage, closes per agent and per day. */
    CLOSED("009E73"),
    /** The median stay in a status (lead history). */
    MEDIAN("D55E00"),
    /** The 90th percentile of the stays in a status (lead history). */
    P90("000000");

    private final String hex;

    ChartPalette(String hex) {
        this.hex = hex;
    }

    /** Six hex digits, {@code RRGGBB}, as spreadsheet XML writes a colour. */
    public String hex() {
        return hex;
    }

    /** {@code #RRGGBB}, as CSS and chart libraries take a colour. */
    public String css() {
        return "#" + hex;
    }

    /** The colour as {@code 0xRRGGBB}. */
    public int rgb() {
        return Integer.parseInt(hex, 16);
    }

    /** The colour as its red, green and blue bytes, as POI's chart colours take it. */
    public byte[] bytes() {
        int rgb = rgb();
        return new byte[] {(byte) (rgb >> 16), (byte) (rgb >> 8), (byte) rgb};
    }
}
