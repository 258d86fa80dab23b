package com.botbuddy.batch.report;

import java.util.List;

/**
 * What {@code src/main/jte/report.jte} renders: every text ready to print (the template escapes it), the
 * page's own style and scripts (trusted, from the classpath) and its chart data as escaped JSON.
 *
 * @param csp      the Content-Security-Policy: the hashes of {@link #css}, {@link #chartJs} and {@link #pageJs}
 * @param dataJson the charts' data for the page's script, with {@code <}, {@code >} and {@code &} written as
 *                 JSON's own escapes, so that it cannot end its {@code <script>} element
 */
record HtmlPage(String title, String subtitle, String csp, String css, String chartJs, String pageJs, String dataJson,
        List<Fact> facts, List<Section> sections) {

    HtmlPage {
        facts = List.copyOf(facts);
        sections = List.copyOf(sections);
    }

    /** One line of the run's facts. */
    record Fact(String label, String value) {
    }

    /**
     * One chart with its table; the canvas is {@code <id>-chart}, drawn from the chart of the same id. A section
     * without a chart ({@code chart} false) has no canvas, and one without a table ({@code null}) only its note.
     */
    record Section(String id, String title, String note, Table table, boolean chart) {
        Section(String id, String title, String note, Table table) {
            this(id, title, note, table, true);
        }
    }

    /**
     * A table; {@code numeric} says which columns are right-aligned. A {@code tall} table scrolls in a box of
     * its own height.
     */
    record Table(List<String> header, List<Boolean> numeric, List<List<String>> rows, boolean tall) {
        Table {
            header = List.copyOf(header);
            numeric = List.copyOf(numeric);
            rows = List.copyOf(rows);
        }

        /** The class of column {@code i}'s cells. */
        String cellClass(int i) {
            return numeric.get(i) ? "num" : "text";
        }
    }
}
