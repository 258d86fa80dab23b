package com.botbuddy.batch.report;

import java.util.List;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.history.HistoryFigures.Aging;
import com.botbuddy.batch.history.HistoryFigures.DatedFunnel;
import com.botbuddy.batch.history.HistoryFigures.StatusTime;
import com.botbuddy.batch.history.HistoryFigures.Transition;

/**
 * The lead history's four sections of {@code report.html}, each a chart and its table as the export's own
 * sections are, with the same colours as the workbook's History charts. A section with nothing to count (no
 * history yet, no status change in the window) is its note alone: no empty chart.
 */
final class HtmlHistory {
    private static final String NO_HISTORY = "No lead history yet: it begins with the first complete export"
            + " (--type all) or with 'botbuddy history import'.";

    private HtmlHistory() {
    }

    static void add(HistoryFigures history, List<HtmlReport.Chart> charts, List<HtmlPage.Section> sections) {
        String asOf = history.asOf().toString();
        section(history, charts, sections, "history-status-time", "Days in each status", "Median and 90th"
                + " percentile (nearest rank) of the days between export dates; a stay not yet ended counts up to "
                + asOf + " (ongoing).", history.statusTimes(), statusTimeChart(history.statusTimes()),
                statusTimeTable(history.statusTimes()));
        section(history, charts, sections, "history-transitions", "Status changes", "From " + history.windowStart()
                + " to " + asOf + " (--since " + history.sinceDays() + " days).", history.transitions(),
                transitionChart(history.transitions()), transitionTable(history.transitions()));
        section(history, charts, sections, "history-aging", "Open leads by days open", "Leads open on " + asOf
                + " (any status but CLOSED) by days since they became open.", history.aging(),
                agingChart(history.aging()), agingTable(history.aging()));
        section(history, charts, sections, "history-funnel", "Funnel per export date", "Leads on each export date"
                + " recorded; worked and closed among contactable leads, as in the funnel.", history.funnel(),
                funnelChart(history.funnel()), funnelTable(history.funnel()));
    }

    private static void section(HistoryFigures history, List<HtmlReport.Chart> charts, List<HtmlPage.Section> sections,
            String id, String title, String note, List<?> rows, HtmlReport.Chart chart, HtmlPage.Table table) {
        if (!history.hasHistory()) {
            sections.add(new HtmlPage.Section(id, title, NO_HISTORY, null, false));
        } else if (rows.isEmpty()) {
            sections.add(new HtmlPage.Section(id, title, "Nothing to show. " + note, null, false));
        } else {
            charts.add(chart);
            sections.add(new HtmlPage.Section(id, title, note, table, true));
        }
    }

    private static HtmlReport.Chart statusTimeChart(List<StatusTime> rows) {
        return new HtmlReport.Chart("history-status-time", "bar", false, "status", "days",
                rows.stream().map(StatusTime::status).toList(),
                List.of(new HtmlReport.Series("median days", List.of(ChartPalette.MEDIAN.css()),
                                rows.stream().map(StatusTime::medianDays).toList()),
                        new HtmlReport.Series("90th percentile days", List.of(ChartPalette.P90.css()),
                                rows.stream().map(StatusTime::p90Days).toList())));
    }

    private static HtmlPage.Table statusTimeTable(List<StatusTime> rows) {
        return new HtmlPage.Table(List.of("status", "stays", "ongoing", "median days", "p90 days"),
                List.of(false, true, true, true, true), rows.stream().map(r -> List.of(r.status(),
                        HtmlReport.count(r.stays()), HtmlReport.count(r.ongoing()), HtmlReport.count(r.medianDays()),
                        HtmlReport.count(r.p90Days()))).toList(), false);
    }

    private static HtmlReport.Chart transitionChart(List<Transition> rows) {
        List<Transition> shown = rows.subList(0, Math.min(HistoryCharts.TOP_TRANSITIONS, rows.size()));
        return new HtmlReport.Chart("history-transitions", "bar", true, null, "leads",
                shown.stream().map(HistoryCharts::pair).toList(),
                List.of(new HtmlReport.Series("leads", List.of(ChartPalette.LEADS.css()),
                        shown.stream().map(Transition::count).toList())));
    }

    private static HtmlPage.Table transitionTable(List<Transition> rows) {
        return new HtmlPage.Table(List.of("from", "to", "leads"), List.of(false, false, true),
                rows.stream().map(r -> List.of(r.from(), r.to(), HtmlReport.count(r.count()))).toList(),
                rows.size() > 31);
    }

    private static HtmlReport.Chart agingChart(List<Aging> rows) {
        return new HtmlReport.Chart("history-aging", "bar", false, "days open", "open leads",
                rows.stream().map(Aging::bucket).toList(),
                List.of(new HtmlReport.Series("open leads", List.of(ChartPalette.LEADS.css()),
                        rows.stream().map(Aging::openLeads).toList())));
    }

    private static HtmlPage.Table agingTable(List<Aging> rows) {
        return new HtmlPage.Table(List.of("days open", "open leads"), List.of(false, true),
                rows.stream().map(r -> List.of(r.bucket(), HtmlReport.count(r.openLeads()))).toList(), false);
    }

    private static HtmlReport.Chart funnelChart(List<DatedFunnel> rows) {
        return new HtmlReport.Chart("history-funnel", "line", false, "export date", "leads",
                rows.stream().map(r -> r.date().toString()).toList(),
                List.of(new HtmlReport.Series("leads", List.of(ChartPalette.LEADS.css()),
                                rows.stream().map(DatedFunnel::leads).toList()),
                        new HtmlReport.Series("contactable", List.of(ChartPalette.CONTACTABLE.css()),
                                rows.stream().map(DatedFunnel::contactable).toList()),
                        new HtmlReport.Series("worked", List.of(ChartPalette.WORKED.css()),
                                rows.stream().map(DatedFunnel::worked).toList()),
                        new HtmlReport.Series("closed", List.of(ChartPalette.CLOSED.css()),
                                rows.stream().map(DatedFunnel::closed).toList())));
    }

    private static HtmlPage.Table funnelTable(List<DatedFunnel> rows) {
        return new HtmlPage.Table(List.of("export date", "leads", "contactable", "worked", "closed"),
                List.of(false, true, true, true, true), rows.stream().map(r -> List.of(r.date().toString(),
                        HtmlReport.count(r.leads()), HtmlReport.count(r.contactable()), HtmlReport.count(r.worked()),
                        HtmlReport.count(r.closed()))).toList(), rows.size() > 31);
    }
}
