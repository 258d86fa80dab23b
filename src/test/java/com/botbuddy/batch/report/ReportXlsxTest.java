package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.PaneInformation;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

class ReportXlsxTest {
    static final List<String> HOSTILE = List.of("=1+2", "+49 x", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://evil\",\"x\")",
            "\tcmd", "=cmd|' /C calc'!A0", "<b>markup</b> & \"quotes\"", "\rcmd", "two\r\nlines", "\uD83D\uDE00 \u0645\u0631\u062D\u0628\u0627");

    @TempDir
    Path folder;

    private void write(int rowsPerSheet, List<TypedChat> chats) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, TestChats.both()), rowsPerSheet)) {
            for (TypedChat chat : chats) {
                report.add(chat);
            }
            report.finish(TestChats.FACTS);
        }
    }

    private static XSSFWorkbook open(Path file) throws Exception {
        return new XSSFWorkbook(OPCPackage.open(file.toFile(), PackageAccess.READ));
    }

    private XSSFWorkbook written(List<TypedChat> chats) throws Exception {
        write(ChatReport.MAX_SHEET_ROWS, chats);
        return open(folder.resolve("report.xlsx"));
    }

    private static List<String> sheetNames(XSSFWorkbook workbook) {
        List<String> names = new ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));
        return names;
    }

    private static Cell cell(Sheet sheet, int row, String column) {
        return sheet.getRow(row).getCell(ChatColumn.NAMES.indexOf(column));
    }

    @Test
    void sheetsAreSummaryChatsStatusAgentsDaily() throws Exception {
        try (XSSFWorkbook workbook = written(TestChats.handMadeSet())) {
            assertThat(sheetNames(workbook)).containsExactly("Summary", "Chats", "Status", "Agents", "Daily");
        }
    }

    @Test
    void hostileTextIsAPlainStringCellAndNoCellAnywhereIsAFormula() throws Exception {
        List<TypedChat> chats = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            chats.add(TestChats.withText("h" + i, HOSTILE.get(i)));
        }
        try (XSSFWorkbook workbook = written(chats)) {
            Sheet sheet = workbook.getSheet("Chats");
            for (int i = 0; i < HOSTILE.size(); i++) {
                for (String column : List.of("id", "uuid", "status", "name", "email", "dial_code", "phone", "agent_id",
                        "city", "country", "gender", "created_at", "last_message", "last_message_by", "picture")) {
                    Cell cell = cell(sheet, i + 1, column);
                    String expected = column.equals("id") ? "h" + i
                            : column.equals("dial_code") ? ChatColumn.dialCode(HOSTILE.get(i)) : HOSTILE.get(i);
                    assertThat(cell.getCellType()).as(column).isEqualTo(CellType.STRING);
                    assertThat(cell.getStringCellValue()).as(column).isEqualTo(expected);
                }
            }
            for (Sheet each : workbook) {
                for (Row row : each) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as(each.getSheetName() + "!" + cell.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                    }
                }
            }
            assertThat(workbook.getSheet("Chats").getHyperlinkList()).isEmpty();
        }
    }

    @Test
    void instantsAreDateCellsNumbersNumericAndOnlineBoolean() throws Exception {
        try (XSSFWorkbook workbook = written(List.of(TestChats.full(), TestChats.withText("odd", "not a date")))) {
            Sheet sheet = workbook.getSheet("Chats");
            for (String column : List.of("created_at", "updated_at", "last_seen_at", "last_message_at")) {
                Cell cell = cell(sheet, 1, column);
                assertThat(cell.getCellType()).as(column).isEqualTo(CellType.NUMERIC);
                assertThat(DateUtil.isCellDateFormatted(cell)).as(column).isTrue();
                assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
            }
            assertThat(cell(sheet, 1, "created_at").getLocalDateTimeCellValue())
                    .isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 0));
            assertThat(cell(sheet, 1, "website_visits").getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(cell(sheet, 1, "website_visits").getNumericCellValue()).isEqualTo(5.0);
            assertThat(cell(sheet, 1, "is_online").getCellType()).isEqualTo(CellType.BOOLEAN);
            assertThat(cell(sheet, 1, "is_online").getBooleanCellValue()).isTrue();
            assertThat(cell(sheet, 1, "phone").getCellType()).isEqualTo(CellType.STRING);
            assertThat(cell(sheet, 1, "dial_code").getStringCellValue()).isEqualTo("+91");
            assertThat(cell(sheet, 1, "tags").getStringCellValue()).isEqualTo("[\"vip\",\"call back\"]");
            // an instant that does not parse stays text
            assertThat(cell(sheet, 2, "created_at").getCellType()).isEqualTo(CellType.STRING);
            assertThat(cell(sheet, 2, "created_at").getStringCellValue()).isEqualTo("not a date");
        }
    }

    @Test
    void missingValuesAreBlankCells() throws Exception {
        try (XSSFWorkbook workbook = written(List.of(TestChats.bare()))) {
            Row row = workbook.getSheet("Chats").getRow(1);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo("bare-1");
            assertThat(row.getCell(ChatColumn.NAMES.indexOf("name"))).isNull();
            assertThat(row.getCell(ChatColumn.NAMES.indexOf("is_online"))).isNull();
        }
    }

    @Test
    void textOverTheCellLimitIsTruncatedWithAMarkerInXlsxButWholeInCsv() throws Exception {
        // not one repeated letter: POI's reader would take a highly compressible sheet for a zip bomb
        java.util.Random random = new java.util.Random(7);
        StringBuilder text = new StringBuilder("start ");
        while (text.length() < 40_000) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        String longText = text.toString();
        try (XSSFWorkbook workbook = written(List.of(TestChats.withText("long", longText)))) {
            String cell = cell(workbook.getSheet("Chats"), 1, "last_message").getStringCellValue();
            assertThat(cell).hasSizeLessThanOrEqualTo(32_767).startsWith(longText.substring(0, 1000))
                    .endsWith("\u2026[truncated, 40000 chars in chats.csv]");
        }
        List<String[]> rows = ChatsCsvTest.read(folder.resolve("chats.csv"));
        assertThat(rows.get(1)[ChatColumn.NAMES.indexOf("last_message")]).isEqualTo(longText);
    }

    @Test
    void anUnpairedSurrogateIsReplacedInCsvInsteadOfFailingTheRun() throws Exception {
        write(ChatReport.MAX_SHEET_ROWS, List.of(TestChats.withText("s", "a\uD800b")));
        assertThat(ChatsCsvTest.read(folder.resolve("chats.csv")).get(1)[ChatColumn.NAMES.indexOf("name")])
                .isEqualTo("a\uFFFDb");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(20_000);
        String cell = XlsxText.cell(emoji, null);
        assertThat(cell.length()).isLessThanOrEqualTo(32_767);
        assertThat(cell).endsWith("\u2026[truncated, 40000 chars]");
        String kept = cell.substring(0, cell.indexOf('\u2026'));
        assertThat(kept.length() % 2).isZero();
        assertThat(kept.codePoints()).allMatch(cp -> cp == 0x1F600);
    }

    @Test
    void charactersXmlCannotHoldAreReplacedSoTheFileOpens() throws Exception {
        String nasty = "a\u0000b\u0001c\u000Bd\u001Fe\uFFFEf\uD800g\tkeep\nlines";
        try (XSSFWorkbook workbook = written(List.of(TestChats.withText("ctl", nasty)))) {
            assertThat(cell(workbook.getSheet("Chats"), 1, "name").getStringCellValue())
                    .isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\tkeep\nlines");
        }
    }

    @Test
    void chatsContinueOnChats2WithTheirOwnHeaderWhenASheetIsFull() throws Exception {
        List<TypedChat> chats = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            chats.add(TestChats.lead("c" + i, "OPEN", null, null, null, "2024-03-01T00:00:00Z"));
        }
        write(10, chats);
        try (XSSFWorkbook workbook = open(folder.resolve("report.xlsx"))) {
            assertThat(sheetNames(workbook)).containsExactly("Summary", "Chats", "Chats (2)", "Chats (3)", "Status",
                    "Agents", "Daily");
            assertThat(workbook.getSheet("Chats").getLastRowNum()).isEqualTo(10);
            assertThat(workbook.getSheet("Chats (2)").getLastRowNum()).isEqualTo(10);
            assertThat(workbook.getSheet("Chats (3)").getLastRowNum()).isEqualTo(5);
            for (String name : List.of("Chats", "Chats (2)", "Chats (3)")) {
                assertThat(workbook.getSheet(name).getRow(0).getCell(0).getStringCellValue()).isEqualTo("id");
            }
            assertThat(workbook.getSheet("Chats (2)").getRow(1).getCell(0).getStringCellValue()).isEqualTo("c10");
            assertThat(workbook.getSheet("Chats (3)").getRow(5).getCell(0).getStringCellValue()).isEqualTo("c24");
            assertThat(workbook.getSheet("Chats (3)").getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:X6");
        }
    }

    @Test
    void summaryHasABarChartOfTheFunnelAndALineChartOfTheDailySeries() throws Exception {
        try (XSSFWorkbook workbook = written(TestChats.handMadeSet())) {
            XSSFSheet summary = workbook.getSheet("Summary");
            List<XSSFChart> charts = summary.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(4);
            var bar = charts.get(0).getCTChart().getPlotArea().getBarChartArray(0).getSerArray(0);
            assertThat(bar.getCat().getStrRef().getF()).isEqualTo("Summary!$A$17:$A$21");
            assertThat(bar.getVal().getNumRef().getF()).isEqualTo("Summary!$B$17:$B$21");
            assertThat(bar.getVal().getNumRef().getNumCache().getPtArray(1).getV()).isEqualTo("7");
            var line = charts.get(3).getCTChart().getPlotArea().getLineChartArray(0);
            assertThat(line.getSerList()).hasSize(3);
            assertThat(line.getSerArray(0).getVal().getNumRef().getF()).isEqualTo("Daily!$B$2:$B$7");
            assertThat(summary.getRow(16).getCell(0).getStringCellValue())
                    .isEqualTo("conversations");
        }
    }

    @Test
    void summaryFactsAreNumbersDatesAndTimesNotText() throws Exception {
        try (XSSFWorkbook workbook = written(TestChats.handMadeSet())) {
            Sheet summary = workbook.getSheet("Summary");
            java.util.Map<String, Cell> facts = new java.util.HashMap<>();
            for (int r = 1; r <= 9; r++) {
                facts.put(summary.getRow(r).getCell(0).getStringCellValue(), summary.getRow(r).getCell(1));
            }
            assertThat(facts.get("bot").getStringCellValue()).isEqualTo("bot-1");
            assertThat(DateUtil.isCellDateFormatted(facts.get("run date"))).isTrue();
            assertThat(facts.get("run date").getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2024, 3, 7, 0, 0));
            assertThat(DateUtil.isCellDateFormatted(facts.get("run time"))).isTrue();
            assertThat(facts.get("run time").getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2024, 3, 7, 6, 0));
            Cell duration = facts.get("duration");
            assertThat(duration.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(duration.getCellStyle().getDataFormatString()).isEqualTo("[h]:mm:ss.000");
            assertThat(duration.getNumericCellValue() * 86_400_000).as("the facts' 1,234 ms and the finish so far")
                    .isBetween(1234.0, 61_234.0);
            assertThat(facts.get("pages read").getNumericCellValue()).isEqualTo(7.0);
            assertThat(facts.get("duplicates dropped").getNumericCellValue()).isEqualTo(3.0);
            assertThat(facts.get("job execution").getNumericCellValue()).isEqualTo(42.0);
        }
    }

    @Test
    void figureSheetsHoldNumbersAndFractionsFormattedAsPercent() throws Exception {
        try (XSSFWorkbook workbook = written(TestChats.handMadeSet())) {
            Sheet summary = workbook.getSheet("Summary");
            Row contactable = summary.getRow(18);
            assertThat(contactable.getCell(0).getStringCellValue()).isEqualTo("contactable");
            assertThat(contactable.getCell(1).getNumericCellValue()).isEqualTo(4.0);
            assertThat(contactable.getCell(2).getNumericCellValue()).isEqualTo(0.571);
            assertThat(contactable.getCell(2).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            Sheet status = workbook.getSheet("Status");
            assertThat(status.getLastRowNum()).isEqualTo(7);
            assertThat(status.getRow(6).getCell(0).getStringCellValue()).isEqualTo("CLOSED");
            assertThat(status.getRow(6).getCell(1).getNumericCellValue()).isEqualTo(2.0);
            Sheet agents = workbook.getSheet("Agents");
            // by leads, most first: a2 (3 leads), then a1 and (unassigned) (2 each) in agents.csv's order
            assertThat(agents.getRow(1).getCell(0).getStringCellValue()).isEqualTo("a2");
            assertThat(agents.getRow(1).getCell(4).getNumericCellValue()).isEqualTo(0.333);
            assertThat(agents.getRow(3).getCell(0).getStringCellValue()).isEqualTo("(unassigned)");
            Sheet daily = workbook.getSheet("Daily");
            assertThat(daily.getLastRowNum()).isEqualTo(6);
            assertThat(DateUtil.isCellDateFormatted(daily.getRow(2).getCell(0))).isTrue();
            assertThat(daily.getRow(2).getCell(0).getLocalDateTimeCellValue()).isEqualTo(LocalDateTime.of(2024, 3, 2, 0, 0));
            assertThat(daily.getRow(2).getCell(1).getNumericCellValue()).isZero();
        }
    }

    @Test
    void everySheetHasABoldFrozenHeaderAnAutofilterAndSetColumnWidths() throws Exception {
        try (XSSFWorkbook workbook = written(TestChats.handMadeSet())) {
            for (Sheet each : workbook) {
                XSSFSheet sheet = (XSSFSheet) each;
                PaneInformation pane = sheet.getPaneInformation();
                assertThat(pane).as(sheet.getSheetName()).isNotNull();
                assertThat(pane.isFreezePane()).isTrue();
                assertThat(pane.getHorizontalSplitPosition()).isEqualTo((short) 1);
                assertThat(sheet.getCTWorksheet().isSetAutoFilter()).as(sheet.getSheetName()).isTrue();
                Cell first = sheet.getRow(0).getCell(0);
                assertThat(workbook.getFontAt(first.getCellStyle().getFontIndex()).getBold()).isTrue();
                assertThat(sheet.getColumnWidth(0)).isGreaterThan(10 * 256);
            }
            assertThat(workbook.getSheet("Chats").getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:X11");
        }
    }

    @Test
    void anInstantBefore1900StaysText() throws Exception {
        TypedChat odd = new TypedChat(ChatType.LEAD, new Chat("x", null, "1800-01-01T00:00:00Z", null, null, null, null,
                "OPEN", null, null, null));
        try (XSSFWorkbook workbook = written(List.of(odd))) {
            Cell created = cell(workbook.getSheet("Chats"), 1, "created_at");
            assertThat(created.getCellType()).isEqualTo(CellType.STRING); // before 1900: Excel has no such date
            assertThat(created.getStringCellValue()).isEqualTo("1800-01-01T00:00:00Z");
        }
    }

    @Test
    void everyTextAndDateReadsBackAsWrittenOverThousandsOfVariedRows() throws Exception {
        // many rows of mixed widths, so the streamed sheet's buffer boundaries fall at every kind of byte;
        // dates around Excel's 29 February 1900
        java.util.Random random = new java.util.Random(11);
        String[] pieces = {"a", "Z9", " ", "&", "<", ">", "\"", "'", "\r", "\n", "\t", "\u00e9", "\u20ac", "\u0645",
            "\uD83D\uDE00", "=", "plain words", "\u00a0", "\u0001", "\u001f", "\uFFFE", "\uD800", "\uDC00"};
        List<TypedChat> chats = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<java.time.Instant> instants = new ArrayList<>();
        long first = java.time.Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
        long last = java.time.Instant.parse("1903-12-31T23:59:59.999Z").toEpochMilli(); // Daily lists every day
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder();
            if (i % 50 < 2) {
                // the sheet encodes text 2,048 characters at a time: a pair across that line, then escapes (up
                // to 5 bytes a character) for several stretches, from wherever the buffer stands
                text.append("a".repeat(2047 - i % 50)).append("\uD83D\uDE00").append("&<\r".repeat(3000));
            }
            for (int n = i % 500 == 7 ? 5000 : random.nextInt(40); n >= 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            java.time.Instant instant = java.time.Instant.ofEpochMilli(
                    i % 3 == 0 ? first + random.nextLong(86_400_000L * 120) : first + (long) (random.nextDouble() * (last - first)));
            texts.add(text.toString());
            instants.add(instant);
            Chat chat = new Chat("id" + i, null, instant.toString(), i % 2 == 0, null, null,
                    new Chat.Profile(null, new Chat.UserDetails(text.toString(), null, null, null, null, null, null, null)),
                    "OPEN", null, i, null);
            chats.add(new TypedChat(ChatType.LEAD, chat));
        }
        try (XSSFWorkbook workbook = written(chats)) {
            Sheet sheet = workbook.getSheet("Chats");
            for (int i = 0; i < chats.size(); i++) {
                String row = "row " + (i + 1);
                assertThat(cell(sheet, i + 1, "id").getStringCellValue()).as(row).isEqualTo("id" + i);
                assertThat(cell(sheet, i + 1, "name").getStringCellValue()).as(row)
                        .isEqualTo(XlsxText.cell(FormulaGuard.keepThroughUnguard(texts.get(i)), "chats.csv"));
                Cell created = cell(sheet, i + 1, "created_at");
                LocalDateTime expected = LocalDateTime.ofInstant(instants.get(i), java.time.ZoneOffset.UTC);
                assertThat(created.getLocalDateTimeCellValue()).as(row).isEqualTo(expected);
                assertThat(created.getNumericCellValue()).as(row).isCloseTo(DateUtil.getExcelDate(expected),
                        org.assertj.core.data.Offset.offset(1e-9));
                assertThat(cell(sheet, i + 1, "website_visits").getNumericCellValue()).as(row).isEqualTo(i);
                assertThat(cell(sheet, i + 1, "is_online").getBooleanCellValue()).as(row).isEqualTo(i % 2 == 0);
            }
        }
    }

    @Test
    void everyChatsCellCarriesItsReferenceEvenAfterAGap() throws Exception {
        write(ChatReport.MAX_SHEET_ROWS, List.of(TestChats.full(), TestChats.bare()));
        String xml;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(folder.resolve("report.xlsx").toFile())) {
            String part = "xl/worksheets/sheet2.xml"; // Summary is sheet1, Chats sheet2
            xml = new String(zip.getInputStream(zip.getEntry(part)).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.regex.Matcher cells = java.util.regex.Pattern.compile("<c( [^>]*)?>").matcher(xml);
        List<String> references = new ArrayList<>();
        while (cells.find()) {
            java.util.regex.Matcher ref = java.util.regex.Pattern.compile(" r=\"([A-Z]+[0-9]+)\"").matcher(cells.group());
            assertThat(ref.find()).as(cells.group()).isTrue();
            references.add(ref.group(1));
        }
        // the header and the full chat fill every column; the bare chat leaves gaps and still names each cell
        assertThat(references).startsWith("A1", "B1", "C1").contains("A2", "X2", "A3");
        assertThat(references).hasSize(2 * ChatColumn.count() + (int) java.util.Arrays.stream(ChatColumn.values())
                .filter(c -> !c.text(TestChats.bare()).isEmpty()).count());
    }
}
