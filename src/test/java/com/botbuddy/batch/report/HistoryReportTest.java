package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTBarSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTLineSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTPlotArea;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.history.HistoryFigures.Aging;
import com.botbuddy.batch.history.HistoryFigures.DatedFunnel;
import com.botbuddy.batch.history.HistoryFigures.StatusTime;
import com.botbuddy.batch.history.HistoryFigures.Transition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lead history's part of a report: the four CSVs, the four History sheets with their native charts, the
 * four sections of report.html; and, with no history yet, a note in their place rather than empty charts.
 */
class HistoryReportTest {
    static final LocalDate AS_OF = LocalDate.of(2024, 3, 7);

    @TempDir
    Path folder;

    static HistoryFigures someHistory() {
        return new HistoryFigures(AS_OF, 30, List.of(AS_OF.minusDays(2), AS_OF.minusDays(1), AS_OF),
                List.of(new StatusTime("OPEN", 5, 2, 1, 2), new StatusTime("CLOSED", 3, 3, 0, 1)),
                List.of(new Transition("OPEN", "CLOSED", 3), new Transition("OPEN", "REVIEW", 1)),
                List.of(new Aging("0-1", 2), new Aging("2-7", 1), new Aging("8-30", 0), new Aging("30+", 0)),
                List.of(new DatedFunnel(AS_OF.minusDays(2), 5, 4, 1, 0), new DatedFunnel(AS_OF.minusDays(1), 5, 4, 3, 2),
                        new DatedFunnel(AS_OF, 6, 5, 4, 3)));
    }

    static HistoryFigures noHistory() {
        return new HistoryFigures(AS_OF, 30, List.of(), List.of(), List.of(),
                List.of(new Aging("0-1", 0), new Aging("2-7", 0), new Aging("8-30", 0), new Aging("30+", 0)), List.of());
    }

    void write(HistoryFigures history) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, TestChats.both()))) {
            for (TypedChat chat : TestChats.handMadeSet()) {
                report.add(chat);
            }
            report.history(history);
            report.finish(TestChats.FACTS);
        }
    }

    static XSSFWorkbook open(Path file) throws Exception {
        return new XSSFWorkbook(OPCPackage.open(file.toFile(), PackageAccess.READ));
    }

    static List<XSSFChart> charts(XSSFSheet sheet) {
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        return drawing == null ? List.of() : drawing.getCharts();
    }

    static List<String> colours(CTPlotArea plot) {
        List<String> colours = new ArrayList<>();
        for (var bars : plot.getBarChartList()) {
            for (CTBarSer series : bars.getSerList()) {
                colours.add(hex(series.getSpPr().getSolidFill().getSrgbClr().getVal()));
            }
        }
        for (var lines : plot.getLineChartList()) {
            for (CTLineSer series : lines.getSerList()) {
                colours.add(hex(series.getSpPr().getLn().getSolidFill().getSrgbClr().getVal()));
            }
        }
        return colours;
    }

    static String hex(byte[] rgb) {
        return java.util.HexFormat.of().withUpperCase().formatHex(rgb);
    }

    @Test
    void theCsvsHoldTheFiguresAsGiven() throws Exception {
        write(someHistory());
        assertThat(Files.readString(folder.resolve(ChatReport.HISTORY_STATUS_TIME_CSV))).isEqualTo(
                "status,stays,ongoing,median_days,p90_days,ongoing_counted_to\r\n"
                        + "OPEN,5,2,1,2,2024-03-07\r\nCLOSED,3,3,0,1,2024-03-07\r\n");
        assertThat(Files.readString(folder.resolve(ChatReport.HISTORY_TRANSITIONS_CSV))).isEqualTo(
                "from_status,to_status,count,window_start,window_end\r\n"
                        + "OPEN,CLOSED,3,2024-02-07,2024-03-07\r\nOPEN,REVIEW,1,2024-02-07,2024-03-07\r\n");
        assertThat(Files.readString(folder.resolve(ChatReport.HISTORY_AGING_CSV)))
                .isEqualTo("age_days,open_leads\r\n0-1,2\r\n2-7,1\r\n8-30,0\r\n30+,0\r\n");
        assertThat(Files.readString(folder.resolve(ChatReport.HISTORY_FUNNEL_CSV))).isEqualTo(
                "export_date,leads,contactable,worked,closed\r\n2024-03-05,5,4,1,0\r\n2024-03-06,5,4,3,2\r\n"
                        + "2024-03-07,6,5,4,3\r\n");
        JsonNode run = JsonMapper.builder().build().readTree(folder.resolve(ChatReport.RUN_JSON).toFile());
        assertThat(run.get("files").toString()).contains(ChatReport.HISTORY_FUNNEL_CSV);
    }

    @Test
    void eachHistorySheetHasItsNativeChartWithExplicitColoursTitledAxesAndItsTable() throws Exception {
        write(someHistory());
        try (XSSFWorkbook book = open(folder.resolve(ChatReport.REPORT_XLSX))) {
            XSSFSheet time = book.getSheet(XlsxReport.HISTORY_STATUS_TIME);
            assertThat(time.getRow(1).getCell(0).getStringCellValue()).isEqualTo("OPEN");
            assertThat(time.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(1.0);
            assertThat(time.getRow(4).getCell(0).getStringCellValue()).contains("counts up to 2024-03-07");
            CTPlotArea timePlot = charts(time).get(0).getCTChart().getPlotArea();
            assertThat(colours(timePlot)).containsExactly(ChartPalette.MEDIAN.hex(), ChartPalette.P90.hex());
            assertThat(timePlot.getCatAxArray(0).getTitle()).isNotNull();
            assertThat(timePlot.getValAxArray(0).getTitle()).isNotNull();
            assertThat(charts(time).get(0).getCTChart().getLegend()).as("two series: a legend").isNotNull();
            assertThat(timePlot.getBarChartArray(0).getSerArray(1).getVal().getNumRef().getF())
                    .isEqualTo("'History status time'!$E$2:$E$3");

            XSSFSheet transitions = book.getSheet(XlsxReport.HISTORY_TRANSITIONS);
            CTPlotArea transitionPlot = charts(transitions).get(0).getCTChart().getPlotArea();
            assertThat(colours(transitionPlot)).containsExactly(ChartPalette.LEADS.hex());
            assertThat(transitionPlot.getBarChartArray(0).getSerArray(0).getCat().getStrRef().getStrCache()
                    .getPtArray(0).getV()).isEqualTo("OPEN → CLOSED");
            assertThat(transitions.getRow(1).getCell(3).getStringCellValue()).isEqualTo("OPEN → CLOSED");

            XSSFSheet aging = book.getSheet(XlsxReport.HISTORY_AGING);
            assertThat(colours(charts(aging).get(0).getCTChart().getPlotArea())).containsExactly(ChartPalette.LEADS.hex());

            XSSFSheet funnel = book.getSheet(XlsxReport.HISTORY_FUNNEL);
            CTPlotArea funnelPlot = charts(funnel).get(0).getCTChart().getPlotArea();
            assertThat(colours(funnelPlot)).containsExactly(ChartPalette.LEADS.hex(), ChartPalette.CONTACTABLE.hex(),
                    ChartPalette.WORKED.hex(), ChartPalette.CLOSED.hex());
            assertThat(funnel.getRow(3).getCell(1).getNumericCellValue()).isEqualTo(6.0);
            assertThat(funnel.getRow(3).getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(AS_OF);
            for (XSSFSheet sheet : List.of(time, transitions, aging, funnel)) {
                assertThat(sheet.getFitToPage()).as("%s prints its table and chart side by side", sheet.getSheetName())
                        .isTrue();
                assertThat(sheet.getPrintSetup().getLandscape()).as(sheet.getSheetName()).isTrue();
                assertThat(sheet.getPrintSetup().getFitWidth()).as(sheet.getSheetName()).isEqualTo((short) 1);
            }
        }
    }

    @Test
    void withNoHistoryYetTheSheetsSaySoAndDrawNoChart() throws Exception {
        write(noHistory());
        try (XSSFWorkbook book = open(folder.resolve(ChatReport.REPORT_XLSX))) {
            for (String name : List.of(XlsxReport.HISTORY_STATUS_TIME, XlsxReport.HISTORY_TRANSITIONS,
                    XlsxReport.HISTORY_AGING, XlsxReport.HISTORY_FUNNEL)) {
                XSSFSheet sheet = book.getSheet(name);
                assertThat(charts(sheet)).as(name).isEmpty();
                assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).as(name).startsWith("No lead history yet");
            }
            assertThat(charts(book.getSheet("Summary"))).as("the export's own charts stay").hasSize(4);
        }
        assertThat(Files.readAllLines(folder.resolve(ChatReport.HISTORY_AGING_CSV))).containsExactly("age_days,open_leads");
        Document page = Jsoup.parse(Files.readString(folder.resolve(ChatReport.REPORT_HTML), StandardCharsets.UTF_8));
        assertThat(page.select("section#history-funnel p.note").text()).startsWith("No lead history yet");
        assertThat(page.select("section[id^=history] canvas")).isEmpty();
        assertThat(page.select("section[id^=history] table")).isEmpty();
    }

    @Test
    void thePageDrawsEachHistoryChartFromItsJsonDataBesideItsTable() throws Exception {
        HistoryFigures history = someHistory();
        write(history);
        String html = Files.readString(folder.resolve(ChatReport.REPORT_HTML), StandardCharsets.UTF_8);
        Document page = Jsoup.parse(html);
        JsonNode data = JsonMapper.builder().build().readTree(page.getElementById("report-data").data());
        List<String> ids = new ArrayList<>();
        data.get("charts").forEach(chart -> ids.add(chart.get("id").asString()));
        assertThat(ids).containsExactly("funnel", "status", "agents", "daily", "history-status-time",
                "history-transitions", "history-aging", "history-funnel");
        for (String id : ids) {
            assertThat(page.getElementById(id + "-chart")).as(id).isNotNull();
        }
        JsonNode funnel = data.get("charts").get(7);
        assertThat(funnel.get("series").get(0).get("data").toString()).isEqualTo("[5,5,6]");
        assertThat(funnel.get("series").get(3).get("colors").get(0).asString()).isEqualTo(ChartPalette.CLOSED.css());
        assertThat(page.select("section#history-status-time p.note").text()).contains("counts up to 2024-03-07");
        assertThat(page.select("section#history-transitions tbody tr")).hasSize(2);
    }

    @Test
    void aWindowWithoutStatusChangesSaysSoInsteadOfAnEmptyChart() throws Exception {
        HistoryFigures some = someHistory();
        write(new HistoryFigures(some.asOf(), 7, some.exportDates(), some.statusTimes(), List.of(), some.aging(),
                some.funnel()));
        try (XSSFWorkbook book = open(folder.resolve(ChatReport.REPORT_XLSX))) {
            XSSFSheet transitions = book.getSheet(XlsxReport.HISTORY_TRANSITIONS);
            assertThat(charts(transitions)).isEmpty();
            assertThat(transitions.getRow(2).getCell(0).getStringCellValue())
                    .isEqualTo("Nothing to show: Status changes from 2024-03-01 to 2024-03-07 (--since 7 days).");
            assertThat(charts(book.getSheet(XlsxReport.HISTORY_FUNNEL))).hasSize(1);
        }
    }
}
