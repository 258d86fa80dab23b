package com.botbuddy.batch.report;

import java.util.List;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFLineProperties;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.AxisCrossBetween;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisOrientation;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTMarker;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTTitle;
import org.openxmlformats.schemas.drawingml.x2006.chart.STDLblPos;

import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

/**
 * The Summary's four charts, as chart XML that every common viewer draws: each series (and each funnel bar)
 * has its colour from {@link ChartPalette} written out as a solid fill or line colour, so nothing depends on
 * a theme the workbook does not carry; both axes have titles; the funnel's and the status chart's bars carry
 * their values; charts with more than one series have a legend. A series references the cells its figures are in and carries
 * those figures as its cache (the sheets are streamed, so nothing is read back).
 * <p>
 * A measure has one colour in every chart: conversations, leads, contactable, worked and closed take the
 * palette's colour of that name.
 */
final class SummaryCharts {
    static final ChartPalette CONVERSATIONS = ChartPalette.CONVERSATIONS;
    static final ChartPalette LEADS = ChartPalette.LEADS;
    static final ChartPalette CLOSED = ChartPalette.CLOSED;
    static final ChartPalette WORKED = ChartPalette.WORKED;
    static final ChartPalette CONTACTABLE = ChartPalette.CONTACTABLE;
    /** The colour of each funnel stage, in the funnel's order. */
    static final List<ChartPalette> FUNNEL_COLOURS = List.of(CONVERSATIONS, LEADS, CONTACTABLE, WORKED, CLOSED);
    /** Up to this many days the daily lines mark each day's point (a single day is then still visible). */
    static final int MARKED_DAYS = 62;
    private static final byte[] GRID_GREY = {(byte) 0xD9, (byte) 0xD9, (byte) 0xD9};
    private static final double LINE_POINTS = 2.25;

    private final XSSFDrawing drawing;

    SummaryCharts(XSSFDrawing drawing) {
        this.drawing = drawing;
    }

    /** Where a chart sits: columns and rows of the Summary, the end column and row exclusive. */
    record Place(int firstColumn, int firstRow, int endColumn, int endRow) {
        XSSFClientAnchor anchor(XSSFDrawing drawing) {
            return drawing.createAnchor(0, 0, 0, 0, firstColumn, firstRow, endColumn, endRow);
        }
    }

    /** The funnel as bars, one colour per stage, each bar labelled with its count. */
    void funnel(Place place, List<FunnelRow> funnel, String sheet, int firstRow) {
        XSSFChart chart = chart(place, "Funnel");
        String[] stages = funnel.stream().map(FunnelRow::stage).toArray(String[]::new);
        int lastRow = firstRow + funnel.size() - 1;
        XDDFBarChartData data = bars(chart, "stage", "chats", BarDirection.COL);
        XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(
                XDDFDataSourcesFactory.fromArray(stages, range(sheet, firstRow, lastRow, 0)),
                numbers(funnel, FunnelRow::count, range(sheet, firstRow, lastRow, 1)));
        series.setTitle("count", null);
        chart.plot(data);
        series.setShapeProperties(fill(FUNNEL_COLOURS.get(0)));
        for (int i = 0; i < funnel.size(); i++) {
            series.getDataPoint(i).setShapeProperties(fill(FUNNEL_COLOURS.get(i % FUNNEL_COLOURS.size())));
        }
        valueLabels(series.getCTBarSer().addNewDLbls());
    }

    /** Leads by status as bars, from the Status sheet. */
    void statuses(Place place, List<StatusRow> statuses, String sheet) {
        XSSFChart chart = chart(place, "Leads by status");
        String[] names = statuses.stream().map(StatusRow::status).toArray(String[]::new);
        int lastRow = statuses.size();
        XDDFBarChartData data = bars(chart, "status", "leads", BarDirection.COL);
        XDDFBarChartData.Series series = (XDDFBarChartData.Series) data.addSeries(
                XDDFDataSourcesFactory.fromArray(names, range(sheet, 1, lastRow, 0)),
                numbers(statuses, StatusRow::count, range(sheet, 1, lastRow, 1)));
        series.setTitle("leads", null);
        chart.plot(data);
        series.setShapeProperties(fill(LEADS));
        valueLabels(series.getCTBarSer().addNewDLbls());
    }

    /**
     * Leads and closed leads per agent as clustered bars across, the agent with the most leads at the top (long
     * ids read level), from the Agents sheet, whose rows are sorted by leads: the first {@value ReportFigures#TOP_AGENTS}
     * rows, and the title says so when there are more. {@code cellText}
     * is how the sheet writes an agent id, so that the chart's cache holds what the cells hold.
     */
    void agents(Place place, List<AgentRow> byLeads, UnaryOperator<String> cellText, String sheet) {
        List<AgentRow> shown = byLeads.subList(0, Math.min(ReportFigures.TOP_AGENTS, byLeads.size()));
        String title = "Leads and closes per agent" + (byLeads.size() > ReportFigures.TOP_AGENTS ? " (top " + ReportFigures.TOP_AGENTS + ")" : "");
        XSSFChart chart = chart(place, title);
        legend(chart);
        String[] ids = shown.stream().map(agent -> cellText.apply(agent.agentId())).toArray(String[]::new);
        int lastRow = shown.size();
        XDDFBarChartData data = bars(chart, "agent", "leads", BarDirection.BAR);
        data.setBarGrouping(BarGrouping.CLUSTERED);
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(ids, range(sheet, 1, lastRow, 0));
        XDDFBarChartData.Series leads = (XDDFBarChartData.Series) data.addSeries(x,
                numbers(shown, AgentRow::leads, range(sheet, 1, lastRow, 1)));
        leads.setTitle("leads", null);
        XDDFBarChartData.Series closed = (XDDFBarChartData.Series) data.addSeries(x,
                numbers(shown, AgentRow::closed, range(sheet, 1, lastRow, 3)));
        closed.setTitle("closed", null);
        chart.plot(data);
        leads.setShapeProperties(fill(LEADS));
        closed.setShapeProperties(fill(CLOSED));
    }

    /** Conversations, leads and closed leads per day as lines, from the Daily sheet. */
    void daily(Place place, List<DailyRow> daily, String sheet) {
        XSSFChart chart = chart(place, "Conversations, leads and closed per day");
        legend(chart);
        int lastRow = daily.size();
        String[] days = daily.stream().map(d -> d.date().toString()).toArray(String[]::new);
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(days, range(sheet, 1, lastRow, 0));
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle("date");
        // dates slanted: level ones wrap or run into each other in a narrow chart
        bottom.getOrAddTextProperties();
        chart.getCTChart().getPlotArea().getCatAxArray(0).getTxPr().getBodyPr().setRot(-2_700_000);
        XDDFValueAxis left = valueAxis(chart, "chats", AxisPosition.LEFT);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        data.setVaryColors(false);
        String[] names = {"conversations", "leads", "closed"};
        ChartPalette[] colours = {CONVERSATIONS, LEADS, CLOSED};
        List<ToLongFunction<DailyRow>> values = List.of(DailyRow::conversations, DailyRow::leads, DailyRow::closed);
        XDDFLineChartData.Series[] series = new XDDFLineChartData.Series[names.length];
        for (int s = 0; s < names.length; s++) {
            series[s] = (XDDFLineChartData.Series) data.addSeries(x, numbers(daily, values.get(s), range(sheet, 1, lastRow, s + 1)));
            series[s].setTitle(names[s], null);
            series[s].setSmooth(false);
            series[s].setMarkerStyle(daily.size() <= MARKED_DAYS ? MarkerStyle.CIRCLE : MarkerStyle.NONE);
        }
        chart.plot(data);
        for (int s = 0; s < names.length; s++) {
            series[s].setShapeProperties(line(colours[s]));
            CTMarker marker = series[s].getCTLineSer().getMarker();
            if (marker != null && daily.size() <= MARKED_DAYS) {
                XDDFShapeProperties dot = new XDDFShapeProperties(marker.isSetSpPr() ? marker.getSpPr() : marker.addNewSpPr());
                dot.setFillProperties(solid(colours[s]));
                dot.setLineProperties(new XDDFLineProperties(solid(colours[s])));
            }
        }
    }

    XSSFChart chart(Place place, String title) {
        XSSFChart chart = drawing.createChart(place.anchor(drawing));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.setAutoTitleDeleted(false);
        // square corners, as Excel writes its own charts (absent, Excel rounds them)
        chart.getCTChartSpace().addNewRoundedCorners().setVal(false);
        return chart;
    }

    static void legend(XSSFChart chart) {
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        chart.getOrAddLegend().setOverlay(false);
    }

    /**
     * Bar chart data on a category and a value axis, both titled. Columns ({@link BarDirection#COL}) stand on
     * the categories along the bottom; bars ({@link BarDirection#BAR}) list the categories down the left, the
     * first at the top, with the values along the bottom.
     */
    static XDDFBarChartData bars(XSSFChart chart, String categoryTitle, String valueTitle, BarDirection direction) {
        boolean across = direction == BarDirection.BAR;
        XDDFCategoryAxis categories = chart.createCategoryAxis(across ? AxisPosition.LEFT : AxisPosition.BOTTOM);
        categories.setTitle(categoryTitle);
        XDDFValueAxis values = valueAxis(chart, valueTitle, across ? AxisPosition.BOTTOM : AxisPosition.LEFT);
        if (across) {
            categories.setOrientation(AxisOrientation.MAX_MIN);
            values.setCrosses(AxisCrosses.MAX); // at the last category, which the reversed axis puts at the bottom
            upwards(chart.getCTChart().getPlotArea().getCatAxArray(0).getTitle());
        }
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, categories, values);
        data.setBarDirection(direction);
        data.setVaryColors(false);
        return data;
    }

    static XDDFValueAxis valueAxis(XSSFChart chart, String title, AxisPosition position) {
        XDDFValueAxis axis = chart.createValueAxis(position);
        axis.setTitle(title);
        if (position == AxisPosition.LEFT) {
            upwards(chart.getCTChart().getPlotArea().getValAxArray(0).getTitle());
        }
        axis.setCrosses(AxisCrosses.AUTO_ZERO);
        axis.setCrossBetween(AxisCrossBetween.BETWEEN);
        axis.setMinimum(0);
        XDDFLineProperties grid = new XDDFLineProperties(new XDDFSolidFillProperties(XDDFColor.from(GRID_GREY)));
        grid.setWidth(0.75);
        axis.getOrAddMajorGridProperties().setLineProperties(grid);
        return axis;
    }

    /** A vertical axis's title reads upwards along it, as Excel writes it. */
    private static void upwards(CTTitle title) {
        title.getTx().getRich().getBodyPr().setRot(-5_400_000);
    }

    /** Each bar's value above it; nothing else (a missing flag would read as shown in Excel). */
    static void valueLabels(CTDLbls labels) {
        labels.addNewDLblPos().setVal(STDLblPos.OUT_END);
        labels.addNewShowLegendKey().setVal(false);
        labels.addNewShowVal().setVal(true);
        labels.addNewShowCatName().setVal(false);
        labels.addNewShowSerName().setVal(false);
        labels.addNewShowPercent().setVal(false);
        labels.addNewShowBubbleSize().setVal(false);
    }

    static <T> org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource<Long> numbers(List<T> rows,
            ToLongFunction<T> value, String range) {
        Long[] values = rows.stream().map(row -> value.applyAsLong(row)).toArray(Long[]::new);
        return XDDFDataSourcesFactory.fromArray(values, range);
    }

    static XDDFSolidFillProperties solid(ChartPalette colour) {
        return new XDDFSolidFillProperties(XDDFColor.from(colour.bytes()));
    }

    static XDDFShapeProperties fill(ChartPalette colour) {
        XDDFShapeProperties shape = new XDDFShapeProperties();
        shape.setFillProperties(solid(colour));
        return shape;
    }

    static XDDFShapeProperties line(ChartPalette colour) {
        XDDFLineProperties line = new XDDFLineProperties(solid(colour));
        line.setWidth(LINE_POINTS);
        XDDFShapeProperties shape = new XDDFShapeProperties();
        shape.setLineProperties(line);
        return shape;
    }

    static String range(String sheet, int firstRow, int lastRow, int column) {
        return new CellRangeAddress(firstRow, lastRow, column, column).formatAsString(sheet, true);
    }
}
