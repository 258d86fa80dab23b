package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;

import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

/**
 * {@code report.xlsx}: the Chats sheets streamed by {@link ChatsSheetStream}, the small sheets and charts by SXSSF. Sheets in order:
 * Summary (created first, filled at the end), Chats (continued on {@code Chats (2)}, ... when full), then
 * Status, Agents and Daily, created at the end when their figures are known. The Chats sheets are written
 * as chats arrive, each to its own deflated part; at the end POI writes the workbook around empty
 * placeholders and {@link WorkbookZip} swaps the streamed parts in.
 * <p>
 * Values only, never a formula: text is always a string cell (a leading {@code =} is just text), numbers
 * numeric, instants date cells (UTC), shares fractions formatted {@code 0.0%}. The two charts on Summary are
 * built on the underlying XSSF sheet (SXSSF's drawing cannot create charts); their series carry the values
 * as their cache and reference the cell ranges on Summary and Daily, so nothing has to be read back from
 * the streamed sheets.
 */
final class XlsxReport implements AutoCloseable {
    static final int WINDOW = 100;
    static final String SUMMARY = "Summary";
    static final String CHATS = "Chats";
    static final String STATUS = "Status";
    static final String AGENTS = "Agents";
    static final String DAILY = "Daily";
    /** Temporary files in the report's folder: a deflated Chats sheet, and the workbook as POI wrote it. */
    static final String TEMP_PREFIX_SHEET = ".chats-sheet";
    static final String TEMP_PREFIX_PARTS = ".report-parts";
    static final String TEMP_SUFFIX = ".tmp";
    /** Matches every temporary file above, as {@link java.nio.file.Files#newDirectoryStream(Path, String)} reads it. */
    static final String TEMP_GLOB = ".{chats-sheet,report-parts}*.tmp";

    private final SXSSFWorkbook workbook;
    private final int rowsPerSheet;
    private final String fullTextFile;
    private final Path folder;
    private final CellStyle header;
    private final CellStyle dateTime;
    private final CellStyle date;
    private final CellStyle percent;
    private final CellStyle elapsed;
    private final SXSSFSheet summary;
    private final List<ChatsSheetStream> chatSheets = new ArrayList<>();
    private ChatsSheetStream chats;

    /**
     * @param rowsPerSheet data rows per Chats sheet before it continues on the next one
     * @param fullTextFile where truncated texts are kept whole ({@code chats.csv}), or {@code null}
     * @param folder the report's folder, where the temporary files go
     */
    XlsxReport(int rowsPerSheet, String fullTextFile, Path folder) throws IOException {
        if (rowsPerSheet < 1) {
            throw new IllegalArgumentException("rowsPerSheet must be positive");
        }
        this.rowsPerSheet = rowsPerSheet;
        this.fullTextFile = fullTextFile;
        this.folder = folder;
        this.workbook = new SXSSFWorkbook(WINDOW);
        Font bold = workbook.createFont();
        bold.setBold(true);
        header = workbook.createCellStyle();
        header.setFont(bold);
        dateTime = styleWithFormat("yyyy-mm-dd hh:mm:ss");
        date = styleWithFormat("yyyy-mm-dd");
        percent = styleWithFormat("0.0%");
        elapsed = styleWithFormat("[h]:mm:ss.000");
        summary = workbook.createSheet(SUMMARY);
        newChatsSheet();
    }

    private CellStyle styleWithFormat(String format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    private void newChatsSheet() throws IOException {
        chats = new ChatsSheetStream(header.getIndex(), dateTime.getIndex(), fullTextFile, folder);
        chatSheets.add(chats);
    }

    private static String chatsSheetName(int number) {
        return number == 1 ? CHATS : CHATS + " (" + number + ")";
    }

    void add(String[] cells) throws IOException {
        if (chats.chatRows() == rowsPerSheet) {
            newChatsSheet();
        }
        chats.add(cells);
    }

    private String text(String value) {
        return XlsxText.cell(value, fullTextFile);
    }

    /**
     * A line of the Summary's facts table. {@code value} is text, a {@link Long} (a number cell), a
     * {@link java.time.LocalDate} or {@link java.time.LocalDateTime} (a date cell) or a {@link java.time.Duration}
     * (a time cell, {@code [h]:mm:ss}).
     */
    record Fact(String name, Object value) {
    }

    /** Writes Summary, Status, Agents, Daily and the charts, then the whole workbook to {@code file}. */
    void finish(Path file, ReportFigures figures, List<Fact> facts) throws IOException {
        int funnelHeaderRow = writeSummary(figures, facts);
        Map<String, ChatsSheetStream.Part> streamed = new HashMap<>();
        for (int i = 0; i < chatSheets.size(); i++) {
            ChatsSheetStream.Part part = chatSheets.get(i).finish();
            streamed.put(placeholderSheet(chatsSheetName(i + 1), chatSheets.get(i).chatRows()), part);
        }
        writeStatus(figures.statuses());
        writeAgents(figures.agents());
        writeDaily(figures.daily());
        XSSFDrawing drawing = workbook.getXSSFWorkbook().getSheet(SUMMARY).createDrawingPatriarch();
        funnelChart(drawing, figures.funnel(), funnelHeaderRow);
        if (!figures.daily().isEmpty()) {
            dailyChart(drawing, figures.daily());
        }
        Path poiWorkbook = Files.createTempFile(folder, TEMP_PREFIX_PARTS, TEMP_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(poiWorkbook)) {
                workbook.write(out);
            }
            WorkbookZip.assemble(poiWorkbook, streamed, file);
        } finally {
            Files.deleteIfExists(poiWorkbook);
        }
    }

    /**
     * A Chats sheet in the workbook, empty but for its autofilter (which puts the filter's defined name in
     * the workbook): its part is replaced by the streamed sheet. Returns the part's zip entry name.
     */
    private String placeholderSheet(String name, int rows) {
        SXSSFSheet sheet = workbook.createSheet(name);
        endTable(sheet, rows, ChatColumn.count());
        return workbook.getXSSFWorkbook().getSheet(name).getPackagePart().getPartName().getName().substring(1);
    }

    private int writeSummary(ReportFigures figures, List<Fact> facts) {
        summary.setColumnWidth(0, 22 * 256);
        summary.setColumnWidth(1, 30 * 256);
        summary.setColumnWidth(2, 16 * 256);
        summary.setColumnWidth(3, 14 * 256);
        headerRow(summary, "item", "value");
        int r = 0;
        for (Fact fact : facts) {
            Row row = summary.createRow(++r);
            row.createCell(0).setCellValue(text(fact.name()));
            factCell(row.createCell(1), fact.value());
        }
        r = numberFact(figures.chats(), "conversations", r);
        r = numberFact(figures.leads(), "leads", r);
        r = numberFact(figures.nonLeads(), "non-leads", r);
        r = numberFact(figures.undated(), "undated", r);
        endTable(summary, r, 2);

        int funnelHeader = r + 2;
        Row head = summary.createRow(funnelHeader);
        String[] names = {"stage", "count", "pct_of_previous", "pct_of_first"};
        for (int i = 0; i < names.length; i++) {
            Cell cell = head.createCell(i);
            cell.setCellValue(names[i]);
            cell.setCellStyle(header);
        }
        int f = funnelHeader;
        for (FunnelRow stage : figures.funnel()) {
            Row row = summary.createRow(++f);
            row.createCell(0).setCellValue(stage.stage());
            row.createCell(1).setCellValue(stage.count());
            percentCell(row, 2, stage.pctOfPrevious());
            percentCell(row, 3, stage.pctOfFirst());
        }
        return funnelHeader;
    }

    private void factCell(Cell cell, Object value) {
        if (value instanceof Long number) {
            cell.setCellValue(number);
        } else if (value instanceof java.time.LocalDate day) {
            cell.setCellValue(day);
            cell.setCellStyle(date);
        } else if (value instanceof java.time.LocalDateTime time) {
            cell.setCellValue(time);
            cell.setCellStyle(dateTime);
        } else if (value instanceof java.time.Duration duration) {
            cell.setCellValue(duration.toMillis() / 86_400_000d); // Excel keeps times as fractions of a day
            cell.setCellStyle(elapsed);
        } else {
            cell.setCellValue(text(value == null ? "" : value.toString()));
        }
    }

    private int numberFact(long value, String name, int r) {
        Row row = summary.createRow(++r);
        row.createCell(0).setCellValue(name);
        row.createCell(1).setCellValue(value);
        return r;
    }

    private void percentCell(Row row, int column, java.math.BigDecimal pct) {
        Double fraction = Percent.fraction(pct);
        if (fraction != null) {
            Cell cell = row.createCell(column);
            cell.setCellValue(fraction);
            cell.setCellStyle(percent);
        }
    }

    private void writeStatus(List<StatusRow> statuses) {
        SXSSFSheet sheet = workbook.createSheet(STATUS);
        widths(sheet, 16, 10);
        headerRow(sheet, "status", "count");
        int r = 0;
        for (StatusRow status : statuses) {
            Row row = sheet.createRow(++r);
            row.createCell(0).setCellValue(status.status());
            row.createCell(1).setCellValue(status.count());
        }
        endTable(sheet, r, 2);
    }

    private void writeAgents(List<AgentRow> agents) {
        SXSSFSheet sheet = workbook.createSheet(AGENTS);
        widths(sheet, 28, 10, 10, 10, 12);
        headerRow(sheet, "agent_id", "leads", "worked", "closed", "close_rate");
        int r = 0;
        for (AgentRow agent : agents) {
            Row row = sheet.createRow(++r);
            row.createCell(0).setCellValue(text(agent.agentId()));
            row.createCell(1).setCellValue(agent.leads());
            row.createCell(2).setCellValue(agent.worked());
            row.createCell(3).setCellValue(agent.closed());
            percentCell(row, 4, agent.closeRate());
        }
        endTable(sheet, r, 5);
    }

    private void writeDaily(List<DailyRow> daily) {
        SXSSFSheet sheet = workbook.createSheet(DAILY);
        widths(sheet, 12, 15, 10, 10);
        headerRow(sheet, "date", "conversations", "leads", "closed");
        int r = 0;
        for (DailyRow day : daily) {
            Row row = sheet.createRow(++r);
            Cell cell = row.createCell(0);
            cell.setCellValue(day.date());
            cell.setCellStyle(date);
            row.createCell(1).setCellValue(day.conversations());
            row.createCell(2).setCellValue(day.leads());
            row.createCell(3).setCellValue(day.closed());
        }
        endTable(sheet, r, 4);
    }

    private void funnelChart(XSSFDrawing drawing, List<FunnelRow> funnel, int headerRow) {
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 5, 1, 14, 18);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("Funnel");
        chart.setTitleOverlay(false);
        String[] stages = funnel.stream().map(FunnelRow::stage).toArray(String[]::new);
        Long[] counts = funnel.stream().map(FunnelRow::count).toArray(Long[]::new);
        int first = headerRow + 1;
        int last = headerRow + funnel.size();
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(stages, range(SUMMARY, first, last, 0));
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, bottom, left);
        data.setBarDirection(BarDirection.COL);
        data.setVaryColors(false);
        XDDFChartData.Series series = data.addSeries(x,
                XDDFDataSourcesFactory.fromArray(counts, range(SUMMARY, first, last, 1)));
        series.setTitle("count", null);
        chart.plot(data);
    }

    private void dailyChart(XSSFDrawing drawing, List<DailyRow> daily) {
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, 5, 19, 14, 37);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText("Daily");
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        int last = daily.size();
        String[] days = daily.stream().map(d -> d.date().toString()).toArray(String[]::new);
        XDDFCategoryDataSource x = XDDFDataSourcesFactory.fromArray(days, range(DAILY, 1, last, 0));
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, bottom, left);
        data.setVaryColors(false);
        String[] names = {"conversations", "leads", "closed"};
        for (int s = 0; s < names.length; s++) {
            int column = s + 1;
            Long[] values = daily.stream().map(d -> column == 1 ? d.conversations() : column == 2 ? d.leads() : d.closed())
                    .toArray(Long[]::new);
            XDDFLineChartData.Series series = (XDDFLineChartData.Series) data.addSeries(x,
                    XDDFDataSourcesFactory.fromArray(values, range(DAILY, 1, last, column)));
            series.setTitle(names[s], null);
            series.setSmooth(false);
            series.setMarkerStyle(MarkerStyle.NONE);
        }
        chart.plot(data);
    }

    private static String range(String sheet, int firstRow, int lastRow, int column) {
        return new CellRangeAddress(firstRow, lastRow, column, column).formatAsString(sheet, true);
    }

    private void headerRow(Sheet sheet, String... names) {
        Row row = sheet.createRow(0);
        for (int i = 0; i < names.length; i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(names[i]);
            cell.setCellStyle(header);
        }
        sheet.createFreezePane(0, 1);
    }

    private static void widths(Sheet sheet, int... widths) {
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, widths[i] * 256);
        }
    }

    /** The autofilter over a table whose header is row 0 and whose last data row is {@code lastRow}. */
    private static void endTable(Sheet sheet, int lastRow, int columns) {
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(lastRow, 0), 0, columns - 1));
    }

    @Override
    public void close() throws IOException {
        try {
            for (ChatsSheetStream sheet : chatSheets) {
                sheet.close();
            }
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }
}
