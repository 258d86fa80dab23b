package com.botbuddy.batch.report;

import java.util.List;
import java.util.function.ToLongFunction;

import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTMarker;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.history.HistoryFigures.Aging;
import com.botbuddy.batch.history.HistoryFigures.DatedFunnel;
import com.botbuddy.batch.history.HistoryFigures.StatusTime;
import com.botbuddy.batch.history.HistoryFigures.Transition;

/**
 * The charts of the workbook's History sheets, one beside each sheet's table, drawn as {@link SummaryCharts}
 * draws the Summary's: explicit colours from {@link ChartPalette}, titled axes, a legend where there is more
 * than one series, each series referencing its cells with the figures as its cache. A measure keeps its colour:
 * leads, contactable, worked and closed as on the Summary, the median and the 90th percentile their own.
 */
final class HistoryCharts {
    /** Transitions a chart names, the most frequent; the sheet lists them all. */
    static final int TOP_TRANSITIONS = 20;

    private final SummaryCharts charts;

    HistoryCharts(SummaryCharts charts) {
        this.charts = charts;
    }

    /** Median and 90th percentile days per status, as clustered columns. */
    void statusTime(SummaryCharts.Place place, List<StatusTime> rows, String sheet) {
        XSSFChart chart = charts.chart(place, "Days in each status (median and 90th percentile)");
        SummaryCharts.legend(chart);
        String[] statuses = rows.stream().map(StatusTime::status).toArray(String[]::new);
        int last = rows.size();
        XDDFBarChartData data = SummaryCharts.bars(chart, "status", "days", BarDirection.COL);
        data.setBarGrouping(BarGrouping.CLUSTERED);
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(statuses, SummaryCharts.range(sheet, 1, last, 0));
        XDDFBarChartData.Series median = (XDDFBarChartData.Series) data.addSeries(x,
                SummaryCharts.numbers(rows, StatusTime::medianDays, SummaryCharts.range(sheet, 1, last, 3)));
        median.setTitle("median days", null);
        XDDFBarChartData.Series p90 = (XDDFBarChartData.Series) data.addSeries(x,
                SummaryCharts.numbers(rows, StatusTime::p90Days, SummaryCharts.range(sheet, 1, last, 4)));
        p90.setTitle("90th percentile days", null);
        chart.plot(data);
        median.setShapeProperties(SummaryCharts.fill(ChartPalette.MEDIAN));
        p90.setShapeProperties(SummaryCharts.fill(ChartPalette.P90));
    }

    /** The most frequent transitions as bars across, labelled {@code FROM → TO}, each with its count. */
    void transitions(SummaryCharts.Place place, List<Transition> rows, String sheet) {
        List<Transition> shown = rows.subList(0, Math.min(TOP_TRANSITIONS, rows.size()));
        XSSFChart chart = charts.chart(place, "Status changes" + (rows.size() > TOP_TRANSITIONS
                ? " (top " + TOP_TRANSITIONS + ")" : ""));
        String[] pairs = shown.stream().map(HistoryCharts::pair).toArray(String[]::new);
        int last = shown.size();
        XDDFBarChartData data = SummaryCharts.bars(chart, "from → to", "leads", BarDirection.BAR);
        XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(
                XDDFDataSourcesFactory.fromArray(pairs, SummaryCharts.range(sheet, 1, last, 3)),
                SummaryCharts.numbers(shown, Transition::count, SummaryCharts.range(sheet, 1, last, 2)));
        series.setTitle("leads", null);
        chart.plot(data);
        series.setShapeProperties(SummaryCharts.fill(ChartPalette.LEADS));
        SummaryCharts.valueLabels(series.getCTBarSer().addNewDLbls());
    }

    /** The label of a transition, as the sheet's label column holds it. */
    static String pair(Transition t) {
        return t.from() + " → " + t.to();
    }

    /** Open leads per age bucket, as columns with their counts. */
    void aging(SummaryCharts.Place place, List<Aging> rows, String sheet) {
        XSSFChart chart = charts.chart(place, "Open leads by days open");
        String[] buckets = rows.stream().map(Aging::bucket).toArray(String[]::new);
        int last = rows.size();
        XDDFBarChartData data = SummaryCharts.bars(chart, "days open", "open leads", BarDirection.COL);
        XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(
                XDDFDataSourcesFactory.fromArray(buckets, SummaryCharts.range(sheet, 1, last, 0)),
                SummaryCharts.numbers(rows, Aging::openLeads, SummaryCharts.range(sheet, 1, last, 1)));
        series.setTitle("open leads", null);
        chart.plot(data);
        series.setShapeProperties(SummaryCharts.fill(ChartPalette.LEADS));
        SummaryCharts.valueLabels(series.getCTBarSer().addNewDLbls());
    }

    /** The funnel's lead stages per export date, as lines. */
    void funnel(SummaryCharts.Place place, List<DatedFunnel> rows, String sheet) {
        XSSFChart chart = charts.chart(place, "Funnel per export date");
        SummaryCharts.legend(chart);
        int last = rows.size();
        String[] dates = rows.stream().map(r -> r.date().toString()).toArray(String[]::new);
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(dates, SummaryCharts.range(sheet, 1, last, 0));
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle("export date");
        XDDFValueAxis left = SummaryCharts.valueAxis(chart, "leads", AxisPosition.LEFT);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        data.setVaryColors(false);
        String[] names = { "leads", "contactable", "worked", "closed" };
        ChartPalette[] colours = { ChartPalette.LEADS, ChartPalette.CONTACTABLE, ChartPalette.WORKED, ChartPalette.CLOSED };
        List<ToLongFunction<DatedFunnel>> values = List.of(DatedFunnel::leads, DatedFunnel::contactable,
                DatedFunnel::worked, DatedFunnel::closed);
        boolean marked = rows.size() <= SummaryCharts.MARKED_DAYS;
        XDDFLineChartData.Series[] series = new XDDFLineChartData.Series[names.length];
        for (int s = 0; s < names.length; s++) {
            series[s] = (XDDFLineChartData.Series) data.addSeries(x,
                    SummaryCharts.numbers(rows, values.get(s), SummaryCharts.range(sheet, 1, last, s + 1)));
            series[s].setTitle(names[s], null);
            series[s].setSmooth(false);
            series[s].setMarkerStyle(marked ? MarkerStyle.CIRCLE : MarkerStyle.NONE);
        }
        chart.plot(data);
        for (int s = 0; s < names.length; s++) {
            series[s].setShapeProperties(SummaryCharts.line(colours[s]));
            CTMarker marker = series[s].getCTLineSer().getMarker();
            if (marker != null && marked) {
                XDDFShapeProperties dot = new XDDFShapeProperties(marker.isSetSpPr() ? marker.getSpPr() : marker.addNewSpPr());
                dot.setFillProperties(SummaryCharts.solid(colours[s]));
                dot.setLineProperties(new XDDFLineProperties(SummaryCharts.solid(colours[s])));
            }
        }
    }

    /** Whether a History sheet has anything to draw. */
    static boolean drawable(HistoryFigures history, List<?> rows) {
        return history.hasHistory() && !rows.isEmpty();
    }
}
