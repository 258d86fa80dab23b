package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

/**
 * {@code report.xlsx}: the Chats sheets streamed by {@link ChatsSheetStream}, the small sheets and charts by SXSSF. Sheets in order:
 * Summary (created first, filled at the end), Chats (continued on {@code Chats (2)}, ... when full), then
 * Status, Agents and Daily, created at the end when their figures are known. The Chats sheets are deflated
 * into the workbook's zip as chats arrive ({@link WorkbookZip}); at the end POI writes the rest of the workbook
 * around empty placeholders for them, and its parts join the streamed sheets in the zip.
 * <p>
 * Values only, never a formula: text is always a string cell (a leading {@code =} is just text), numbers
 * numeric, instants date cells (UTC), shares fractions formatted {@code 0.0%}. The Agents sheet lists the
 * agents by leads, most first (ties in {@code agents.csv}'s order), so that its first rows are the agents
 * chart's.
 * <p>
 * The Summary's four charts ({@link SummaryCharts}) are built on the underlying XSSF sheet (SXSSF's drawing
 * cannot create charts). The Summary prints landscape, one page wide, on two pages: the tables with the
 * funnel and status charts beside them, then the agents and daily charts side by side; an explicit row break
 * between the two keeps every chart whole on its page.
 */
final class XlsxReport implements AutoCloseable {
    static final int WINDOW = 100;
    static final String SUMMARY = "Summary";
    static final String CHATS = "Chats";
    static final String STATUS = "Status";
    static final String AGENTS = "Agents";
    static final String DAILY = "Daily";
    static final String HISTORY_STATUS_TIME = "History status time";
    static final String HISTORY_TRANSITIONS = "History transitions";
    static final String HISTORY_AGING = "History aging";
    static final String HISTORY_FUNNEL = "History funnel";
    /** Where a History sheet's chart sits: right of its table, column H on. */
    private static final int HISTORY_CHART_COLUMN = 7;
    /** A temporary file in the report's folder: the workbook as POI wrote it. */
    static final String TEMP_PREFIX_PARTS = ".report-parts";
    static final String TEMP_SUFFIX = ".tmp";
    /** Matches the temporary file above, as {@link java.nio.file.Files#newDirectoryStream(Path, String)} reads it. */
    static final String TEMP_GLOB = TEMP_PREFIX_PARTS + "*" + TEMP_SUFFIX;

    /**
     * Summary columns A to D hold the tables, E is a margin, F to {@code LAST_COLUMN} the charts beside them. The
     * agents chart takes the place of the tables on the second page, the daily chart the place of the others.
     */
    private static final int TABLE_END_COLUMN = 4;
    private static final int CHART_COLUMN = 5;
    private static final int LAST_COLUMN = 12;
    /** The last row of each of the Summary's two printed pages; the charts leave a blank row above each page's end. */
    static final int FIRST_PAGE_LAST_ROW = 29;
    static final int SECOND_PAGE_LAST_ROW = 63;
    private static final SummaryCharts.Place FUNNEL_CHART = new SummaryCharts.Place(CHART_COLUMN, 0, LAST_COLUMN + 1, 15);
    private static final SummaryCharts.Place STATUS_CHART = new SummaryCharts.Place(CHART_COLUMN, 15, LAST_COLUMN + 1,
            FIRST_PAGE_LAST_ROW);
    private static final SummaryCharts.Place AGENTS_CHART = new SummaryCharts.Place(0, FIRST_PAGE_LAST_ROW + 2,
            TABLE_END_COLUMN, SECOND_PAGE_LAST_ROW);
    private static final SummaryCharts.Place DAILY_CHART = new SummaryCharts.Place(CHART_COLUMN, FIRST_PAGE_LAST_ROW + 2,
            LAST_COLUMN + 1, SECOND_PAGE_LAST_ROW);

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
    private final WorkbookZip zip;
    /** POI's empty placeholder for each Chats sheet, in order. */
    private final List<SXSSFSheet> chatPlaceholders = new ArrayList<>();
    /** The Chats sheet being written: the last one. */
    private ChatsSheetStream chats;
    /** Data rows in each Chats sheet ended so far. */
    private final List<Integer> sheetRows = new ArrayList<>();

    /**
     * @param rowsPerSheet data rows per Chats sheet before it continues on the next one
     * @param fullTextFile where truncated texts are kept whole ({@code chats.csv}), or {@code null}
     * @param folder the report's folder, where the temporary files go
     * @param file the workbook's file, written from the first chat on
     */
    XlsxReport(int rowsPerSheet, String fullTextFile, Path folder, Path file) throws IOException {
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
        zip = WorkbookZip.create(file);
        try {
            newChatsSheet();
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private CellStyle styleWithFormat(String format) {
        CellStyle style = workbook.createCellStyle();
        style.setDataFormat(workbook.createDataFormat().getFormat(format));
        return style;
    }

    /**
     * Starts the next Chats sheet, with its placeholder in POI's workbook, which names its part; the full sheet
     * before it ends first.
     */
    private void newChatsSheet() throws IOException {
        if (chats != null) {
            endChatsSheet();
        }
        SXSSFSheet placeholder = workbook.createSheet(chatsSheetName(chatPlaceholders.size() + 1));
        chatPlaceholders.add(placeholder);
        String part = workbook.getXSSFWorkbook().getSheet(placeholder.getSheetName()).getPackagePart().getPartName()
                .getName().substring(1);
        chats = new ChatsSheetStream(header.getIndex(), dateTime.getIndex(), fullTextFile, zip.beginSheet(part));
    }

    private void endChatsSheet() throws IOException {
        DeflatingThread.Result sheet = chats.finish();
        zip.endSheet(sheet.crc(), sheet.size());
        sheetRows.add(chats.chatRows());
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

    /** As {@link #finish(ReportFigures, List, HistoryFigures)} without History sheets. */
    void finish(ReportFigures figures, List<Fact> facts) throws IOException {
        finish(figures, facts, null);
    }

    /**
     * Writes Summary, Status, Agents, Daily, the History sheets (when {@code history} is given) and the charts,
     * and ends the workbook's file.
     */
    void finish(ReportFigures figures, List<Fact> facts, HistoryFigures history) throws IOException {
        int funnelHeaderRow = writeSummary(figures, facts);
        endChatsSheet();
        for (int i = 0; i < chatPlaceholders.size(); i++) {
            // the autofilter puts the filter's defined name in the workbook
            endTable(chatPlaceholders.get(i), sheetRows.get(i), ChatColumn.count());
        }
        writeStatus(figures.statuses());
        List<AgentRow> byLeads = figures.agentsByLeads();
        writeAgents(byLeads);
        writeDaily(figures.daily());
        SummaryCharts charts = new SummaryCharts(workbook.getXSSFWorkbook().getSheet(SUMMARY).createDrawingPatriarch());
        charts.funnel(FUNNEL_CHART, figures.funnel(), SUMMARY, funnelHeaderRow + 1);
        charts.statuses(STATUS_CHART, figures.statuses(), STATUS);
        if (!byLeads.isEmpty()) {
            charts.agents(AGENTS_CHART, byLeads, this::text, AGENTS);
        }
        if (!figures.daily().isEmpty()) {
            charts.daily(DAILY_CHART, figures.daily(), DAILY);
        }
        if (history != null) {
            writeHistory(history);
        }
        printSetup(!byLeads.isEmpty() || !figures.daily().isEmpty());
        Path poiWorkbook = Files.createTempFile(folder, TEMP_PREFIX_PARTS, TEMP_SUFFIX);
        try {
            try (OutputStream out = Files.newOutputStream(poiWorkbook)) {
                workbook.write(out);
            }
            zip.finish(poiWorkbook);
        } finally {
            Files.deleteIfExists(poiWorkbook);
        }
    }

    private int writeSummary(ReportFigures figures, List<Fact> facts) {
        summary.setColumnWidth(0, 22 * 256);
        summary.setColumnWidth(1, 30 * 256);
        summary.setColumnWidth(2, 16 * 256);
        summary.setColumnWidth(3, 14 * 256);
        summary.setColumnWidth(CHART_COLUMN - 1, 3 * 256);
        for (int column = CHART_COLUMN; column <= LAST_COLUMN; column++) {
            summary.setColumnWidth(column, 10 * 256);
        }
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

    /**
     * Landscape, one page wide and as many tall as it takes: the first page, then (when it has a chart) the
     * second after an explicit row break.
     */
    private void printSetup(boolean secondPage) {
        summary.setFitToPage(true);
        PrintSetup print = summary.getPrintSetup();
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        if (secondPage) {
            summary.setRowBreak(FIRST_PAGE_LAST_ROW);
        }
        workbook.setPrintArea(workbook.getSheetIndex(summary), 0, LAST_COLUMN, 0,
                secondPage ? SECOND_PAGE_LAST_ROW : FIRST_PAGE_LAST_ROW);
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

    /**
     * The four History sheets, each a table with its chart beside it; a sheet with nothing to count (no history
     * yet, no status change in the window) says so under its header instead of drawing an empty chart.
     */
    private void writeHistory(HistoryFigures history) {
        String asOf = history.asOf().toString();
        SXSSFSheet time = historySheet(HISTORY_STATUS_TIME, new int[] {14, 10, 10, 13, 11},
                "status", "stays", "ongoing", "median_days", "p90_days");
        int r = 0;
        for (HistoryFigures.StatusTime row : history.statusTimes()) {
            Row cells = time.createRow(++r);
            cells.createCell(0).setCellValue(row.status());
            cells.createCell(1).setCellValue(row.stays());
            cells.createCell(2).setCellValue(row.ongoing());
            cells.createCell(3).setCellValue(row.medianDays());
            cells.createCell(4).setCellValue(row.p90Days());
        }
        historyNote(time, 5, r, history, history.statusTimes(), "Days between export dates, by nearest rank; a stay not"
                + " yet ended counts up to " + asOf + " (the ongoing column).");

        SXSSFSheet transitions = historySheet(HISTORY_TRANSITIONS, new int[] {14, 14, 10, 30},
                "from_status", "to_status", "count", "transition");
        r = 0;
        for (HistoryFigures.Transition row : history.transitions()) {
            Row cells = transitions.createRow(++r);
            cells.createCell(0).setCellValue(row.from());
            cells.createCell(1).setCellValue(row.to());
            cells.createCell(2).setCellValue(row.count());
            cells.createCell(3).setCellValue(HistoryCharts.pair(row));
        }
        historyNote(transitions, 4, r, history, history.transitions(), "Status changes from " + history.windowStart()
                + " to " + asOf + " (--since " + history.sinceDays() + " days).");

        SXSSFSheet aging = historySheet(HISTORY_AGING, new int[] {10, 12}, "age_days", "open_leads");
        r = 0;
        if (history.hasHistory()) {
            for (HistoryFigures.Aging row : history.aging()) {
                Row cells = aging.createRow(++r);
                cells.createCell(0).setCellValue(row.bucket());
                cells.createCell(1).setCellValue(row.openLeads());
            }
        }
        historyNote(aging, 2, r, history, history.aging(), "Leads open on " + asOf + " (any status but CLOSED) by days"
                + " since they became open.");

        SXSSFSheet funnel = historySheet(HISTORY_FUNNEL, new int[] {12, 10, 12, 10, 10},
                "export_date", "leads", "contactable", "worked", "closed");
        r = 0;
        for (HistoryFigures.DatedFunnel row : history.funnel()) {
            Row cells = funnel.createRow(++r);
            Cell day = cells.createCell(0);
            day.setCellValue(row.date());
            day.setCellStyle(date);
            cells.createCell(1).setCellValue(row.leads());
            cells.createCell(2).setCellValue(row.contactable());
            cells.createCell(3).setCellValue(row.worked());
            cells.createCell(4).setCellValue(row.closed());
        }
        historyNote(funnel, 5, r, history, history.funnel(), "Leads on each export date recorded; worked and closed"
                + " among contactable leads, as in the funnel.");

        SummaryCharts.Place place = new SummaryCharts.Place(HISTORY_CHART_COLUMN, 0, HISTORY_CHART_COLUMN + 9, 22);
        if (HistoryCharts.drawable(history, history.statusTimes())) {
            historyCharts(HISTORY_STATUS_TIME).statusTime(place, history.statusTimes(), HISTORY_STATUS_TIME);
        }
        if (HistoryCharts.drawable(history, history.transitions())) {
            historyCharts(HISTORY_TRANSITIONS).transitions(place, history.transitions(), HISTORY_TRANSITIONS);
        }
        if (HistoryCharts.drawable(history, history.aging())) {
            historyCharts(HISTORY_AGING).aging(place, history.aging(), HISTORY_AGING);
        }
        if (HistoryCharts.drawable(history, history.funnel())) {
            historyCharts(HISTORY_FUNNEL).funnel(place, history.funnel(), HISTORY_FUNNEL);
        }
    }

    private HistoryCharts historyCharts(String sheet) {
        return new HistoryCharts(new SummaryCharts(workbook.getXSSFWorkbook().getSheet(sheet).createDrawingPatriarch()));
    }

    /** A History sheet: its table's header, and printed landscape on one page wide, its chart beside the table. */
    private SXSSFSheet historySheet(String name, int[] widths, String... header) {
        SXSSFSheet sheet = workbook.createSheet(name);
        widths(sheet, widths);
        headerRow(sheet, header);
        sheet.setFitToPage(true);
        PrintSetup print = sheet.getPrintSetup();
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        return sheet;
    }

    /**
     * The line under a History table: what it counts, or, when it has no rows, why (no history yet, or nothing
     * in it). The autofilter covers the table only.
     */
    private void historyNote(SXSSFSheet sheet, int columns, int lastRow, HistoryFigures history, List<?> rows,
            String note) {
        endTable(sheet, lastRow, columns);
        String text = !history.hasHistory()
                ? "No lead history yet: it begins with the first complete export (--type all) or with"
                        + " 'botbuddy history import'."
                : rows.isEmpty() ? "Nothing to show: " + note : note;
        sheet.createRow(lastRow + 2).createCell(0).setCellValue(text);
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
            chats.close();
            zip.close();
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }
}
