package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFShape;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTBarSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTDLbls;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTLineSer;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTPlotArea;
import org.openxmlformats.schemas.drawingml.x2006.chart.CTTitle;
import org.openxmlformats.schemas.drawingml.x2006.chart.STAxPos;
import org.openxmlformats.schemas.drawingml.x2006.chart.STBarDir;
import org.openxmlformats.schemas.drawingml.x2006.chart.STCrosses;
import org.openxmlformats.schemas.drawingml.x2006.main.CTShapeProperties;
import org.openxmlformats.schemas.drawingml.x2006.main.CTSolidColorFillProperties;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTPageSetup;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STOrientation;

/**
 * The Summary's charts and print setup as XML: what Excel reads (it cannot run here), and what makes
 * LibreOffice and Gnumeric draw the charts at all.
 */
class SummaryChartsXmlTest {
    @TempDir
    static Path folder;
    static ReportFigures figures;
    static XSSFWorkbook workbook;

    @BeforeAll
    static void writeTheSmallExport() throws Exception {
        figures = SmallExport.write(folder);
        workbook = open(folder.resolve("report.xlsx"));
    }

    @AfterAll
    static void closeTheWorkbook() throws Exception {
        workbook.close();
    }

    private static XSSFWorkbook open(Path file) throws Exception {
        return new XSSFWorkbook(OPCPackage.open(file.toFile(), PackageAccess.READ));
    }

    private static List<XSSFChart> charts(XSSFWorkbook book) {
        return book.getSheet("Summary").getDrawingPatriarch().getCharts();
    }

    private static String text(CTTitle title) {
        StringBuilder text = new StringBuilder();
        for (var paragraph : title.getTx().getRich().getPList()) {
            for (var run : paragraph.getRList()) {
                text.append(run.getT());
            }
        }
        return text.toString();
    }

    private static String colour(CTSolidColorFillProperties fill) {
        assertThat(fill).as("a solid fill").isNotNull();
        assertThat(fill.isSetSrgbClr()).as("an RGB colour, not a theme colour").isTrue();
        return "#" + java.util.HexFormat.of().withUpperCase().formatHex(fill.getSrgbClr().getVal());
    }

    private static String fillColour(CTShapeProperties shape) {
        assertThat(shape).as("the series' shape properties").isNotNull();
        return colour(shape.getSolidFill());
    }

    private static String lineColour(CTShapeProperties shape) {
        assertThat(shape).as("the series' shape properties").isNotNull();
        assertThat(shape.getLn()).as("a line").isNotNull();
        return colour(shape.getLn().getSolidFill());
    }

    @Test
    void summaryHasTheFourChartsTitledForWhatTheyShow() throws Exception {
        List<String> titles = new ArrayList<>();
        for (XSSFChart chart : charts(workbook)) {
            titles.add(text(chart.getCTChart().getTitle()));
        }
        assertThat(titles).containsExactly("Funnel", "Leads by status", "Leads and closes per agent (top 20)",
                "Conversations, leads and closed per day");
    }

    @Test
    void everySeriesHasItsPaletteColourAsASolidFillOrLineColour() throws Exception {
        List<XSSFChart> charts = charts(workbook);
        CTBarSer funnel = charts.get(0).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0);
        assertThat(fillColour(funnel.getSpPr())).isEqualTo(SummaryCharts.CONVERSATIONS.css());
        List<String> stages = new ArrayList<>();
        for (var point : funnel.getDPtList()) {
            stages.add(fillColour(point.getSpPr()));
        }
        assertThat(stages).containsExactly(ChartPalette.CONVERSATIONS.css(), ChartPalette.LEADS.css(),
                ChartPalette.CONTACTABLE.css(), ChartPalette.WORKED.css(), ChartPalette.CLOSED.css());
        CTBarSer status = charts.get(1).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0);
        assertThat(fillColour(status.getSpPr())).isEqualTo(SummaryCharts.LEADS.css());
        CTBarSer[] agents = charts.get(2).getCTChart().getPlotArea().getBarChartArray(0).getSerArray();
        assertThat(agents).hasSize(2);
        assertThat(fillColour(agents[0].getSpPr())).isEqualTo(SummaryCharts.LEADS.css());
        assertThat(fillColour(agents[1].getSpPr())).isEqualTo(SummaryCharts.CLOSED.css());
        CTLineSer[] daily = charts.get(3).getCTChart().getPlotArea().getLineChartArray(0).getSerArray();
        assertThat(daily).hasSize(3);
        ChartPalette[] colours = {SummaryCharts.CONVERSATIONS, SummaryCharts.LEADS, SummaryCharts.CLOSED};
        for (int s = 0; s < daily.length; s++) {
            assertThat(lineColour(daily[s].getSpPr())).isEqualTo(colours[s].css());
            assertThat(fillColour(daily[s].getMarker().getSpPr())).as("the day's marker")
                    .isEqualTo(colours[s].css());
        }
    }

    @Test
    void everyAxisHasATitle() throws Exception {
        for (XSSFChart chart : charts(workbook)) {
            CTPlotArea plot = chart.getCTChart().getPlotArea();
            String name = text(chart.getCTChart().getTitle());
            assertThat(plot.getCatAxList()).as(name).hasSize(1);
            assertThat(plot.getValAxList()).as(name).hasSize(1);
            assertThat(text(plot.getCatAxArray(0).getTitle())).as(name).isNotBlank();
            assertThat(text(plot.getValAxArray(0).getTitle())).as(name).isNotBlank();
        }
    }

    @Test
    void funnelBarsCarryTheirValuesAndNothingElse() throws Exception {
        CTDLbls labels = charts(workbook).get(0).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0)
                .getDLbls();
        assertThat(labels).isNotNull();
        assertThat(labels.getShowVal().getVal()).isTrue();
        assertThat(labels.getShowCatName().getVal()).isFalse();
        assertThat(labels.getShowSerName().getVal()).isFalse();
        assertThat(labels.getShowLegendKey().getVal()).isFalse();
        assertThat(labels.getShowPercent().getVal()).isFalse();
    }

    @Test
    void aLegendExactlyWhereAChartHasMoreThanOneSeries() throws Exception {
        for (XSSFChart chart : charts(workbook)) {
            CTPlotArea plot = chart.getCTChart().getPlotArea();
            int series = 0;
            for (var bar : plot.getBarChartList()) {
                series += bar.sizeOfSerArray();
            }
            for (var line : plot.getLineChartList()) {
                series += line.sizeOfSerArray();
            }
            assertThat(chart.getCTChart().isSetLegend()).as(text(chart.getCTChart().getTitle()))
                    .isEqualTo(series > 1);
        }
    }

    @Test
    void seriesReferenceTheCellsTheirFiguresAreIn() throws Exception {
        List<XSSFChart> charts = charts(workbook);
        CTBarSer funnel = charts.get(0).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0);
        assertThat(funnel.getCat().getStrRef().getF()).isEqualTo("Summary!$A$17:$A$21");
        assertThat(funnel.getVal().getNumRef().getF()).isEqualTo("Summary!$B$17:$B$21");
        assertThat(workbook.getSheet("Summary").getRow(16).getCell(0).getStringCellValue()).isEqualTo("conversations");
        CTBarSer status = charts.get(1).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0);
        int statuses = figures.statuses().size();
        assertThat(status.getCat().getStrRef().getF()).isEqualTo("Status!$A$2:$A$" + (statuses + 1));
        assertThat(status.getVal().getNumRef().getF()).isEqualTo("Status!$B$2:$B$" + (statuses + 1));
        CTBarSer[] agents = charts.get(2).getCTChart().getPlotArea().getBarChartArray(0).getSerArray();
        assertThat(agents[0].getCat().getStrRef().getF()).isEqualTo("Agents!$A$2:$A$21");
        assertThat(agents[0].getVal().getNumRef().getF()).isEqualTo("Agents!$B$2:$B$21");
        assertThat(agents[1].getVal().getNumRef().getF()).isEqualTo("Agents!$D$2:$D$21");
        CTLineSer[] daily = charts.get(3).getCTChart().getPlotArea().getLineChartArray(0).getSerArray();
        int days = figures.daily().size();
        assertThat(daily[0].getCat().getStrRef().getF()).isEqualTo("Daily!$A$2:$A$" + (days + 1));
        assertThat(daily[2].getVal().getNumRef().getF()).isEqualTo("Daily!$D$2:$D$" + (days + 1));
        // the caches hold the very cells referenced
        Sheet agentSheet = workbook.getSheet("Agents");
        for (int i = 0; i < ReportFigures.TOP_AGENTS; i++) {
            Row row = agentSheet.getRow(i + 1);
            assertThat(agents[0].getCat().getStrRef().getStrCache().getPtArray(i).getV())
                    .isEqualTo(row.getCell(0).getStringCellValue());
            assertThat(Double.parseDouble(agents[1].getVal().getNumRef().getNumCache().getPtArray(i).getV()))
                    .isEqualTo(row.getCell(3).getNumericCellValue());
        }
    }

    @Test
    void agentsChartListsItsAgentsDownTheLeftMostLeadsFirst() throws Exception {
        CTPlotArea plot = charts(workbook).get(2).getCTChart().getPlotArea();
        assertThat(plot.getBarChartArray(0).getBarDir().getVal()).isEqualTo(STBarDir.BAR);
        assertThat(plot.getCatAxArray(0).getAxPos().getVal()).isEqualTo(STAxPos.L);
        assertThat(plot.getCatAxArray(0).getScaling().getOrientation().getVal()).isEqualTo(org.openxmlformats.schemas.drawingml.x2006.chart.STOrientation.MAX_MIN);
        // the values' axis at the reversed axis's end: along the bottom
        assertThat(plot.getValAxArray(0).getCrosses().getVal()).isEqualTo(STCrosses.MAX);
    }

    @Test
    void agentsSheetListsTheAgentsByLeadsSoTheChartShowsTheTop20() throws Exception {
        assertThat(figures.agents()).hasSizeGreaterThan(ReportFigures.TOP_AGENTS);
        List<Long> expected = figures.agents().stream().map(ReportFigures.AgentRow::leads)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        Sheet agents = workbook.getSheet("Agents");
        List<Long> leads = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int r = 1; r <= agents.getLastRowNum(); r++) {
            leads.add((long) agents.getRow(r).getCell(1).getNumericCellValue());
            ids.add(agents.getRow(r).getCell(0).getStringCellValue());
        }
        assertThat(leads).isEqualTo(expected);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(
                figures.agents().stream().map(ReportFigures.AgentRow::agentId).toList());
        assertThat(ids).isNotEqualTo(figures.agents().stream().map(ReportFigures.AgentRow::agentId).toList())
                .as("agents.csv keeps the order by id");
    }

    @Test
    void aFewAgentsAreAllChartedWithoutTop20InTheTitle() throws Exception {
        Path few = folder.resolve("few");
        try (ChatReport report = ChatReport.open(TestChats.request(few, TestChats.both()))) {
            for (TypedChat chat : TestChats.handMadeSet()) {
                report.add(chat);
            }
            report.finish(TestChats.FACTS);
        }
        try (XSSFWorkbook workbook = open(few.resolve("report.xlsx"))) {
            XSSFChart agents = charts(workbook).get(2);
            assertThat(text(agents.getCTChart().getTitle())).isEqualTo("Leads and closes per agent");
            assertThat(agents.getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0).getCat().getStrRef().getF())
                    .isEqualTo("Agents!$A$2:$A$4");
        }
    }

    @Test
    void anAgentIdOverTheCellLimitIsChartedAsItsCellHoldsIt() throws Exception {
        Path huge = folder.resolve("huge");
        String id = "agent " + "0123456789".repeat(4000);
        try (ChatReport report = ChatReport.open(TestChats.request(huge, TestChats.both()))) {
            report.add(TestChats.lead("L1", "CLOSED", "a@example.com", null, id, "2024-03-01T10:00:00Z"));
            report.finish(TestChats.FACTS);
        }
        try (XSSFWorkbook workbook = open(huge.resolve("report.xlsx"))) {
            String cell = workbook.getSheet("Agents").getRow(1).getCell(0).getStringCellValue();
            assertThat(XlsxText.isTruncated(cell)).isTrue();
            assertThat(charts(workbook).get(2).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0).getCat()
                    .getStrRef().getStrCache().getPtArray(0).getV()).isEqualTo(cell);
        }
    }

    @Test
    void summaryPrintsLandscapeOnePageWideAndAsManyTall() throws Exception {
        XSSFSheet summary = workbook.getSheet("Summary");
        var worksheet = summary.getCTWorksheet();
        assertThat(worksheet.getSheetPr().getPageSetUpPr().getFitToPage()).isTrue();
        CTPageSetup setup = worksheet.getPageSetup();
        assertThat(setup.getOrientation()).isEqualTo(STOrientation.LANDSCAPE);
        assertThat(setup.getFitToWidth()).isEqualTo(1);
        assertThat(setup.isSetFitToHeight()).isTrue();
        assertThat(setup.getFitToHeight()).isZero();
        assertThat(workbook.getPrintArea(workbook.getSheetIndex(summary))).isEqualTo("Summary!$A$1:$M$64");
    }

    @Test
    void noChartStraddlesTheSummarysRowBreak() throws Exception {
        XSSFSheet summary = workbook.getSheet("Summary");
        assertThat(summary.getRowBreaks()).containsExactly(XlsxReport.FIRST_PAGE_LAST_ROW);
        int pageEnd = XlsxReport.FIRST_PAGE_LAST_ROW + 1; // the first row of the second page
        List<String> pages = new ArrayList<>();
        for (XSSFShape shape : summary.getDrawingPatriarch().getShapes()) {
            XSSFClientAnchor anchor = (XSSFClientAnchor) shape.getAnchor();
            int firstRow = anchor.getRow1();
            // the last row the chart covers: the end row itself only when the chart reaches into it
            int lastRow = anchor.getDy2() > 0 ? anchor.getRow2() : anchor.getRow2() - 1;
            assertThat(firstRow < pageEnd).as("rows %d to %d", firstRow, lastRow).isEqualTo(lastRow < pageEnd);
            assertThat(lastRow).isLessThanOrEqualTo(XlsxReport.SECOND_PAGE_LAST_ROW);
            pages.add(firstRow < pageEnd ? "first" : "second");
        }
        assertThat(pages).containsExactly("first", "first", "second", "second");
    }
}
