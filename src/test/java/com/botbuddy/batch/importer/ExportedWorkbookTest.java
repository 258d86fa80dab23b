package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.ChatReport;
import com.botbuddy.batch.report.ReportFormat;
import com.botbuddy.batch.report.ReportRequest;
import com.botbuddy.batch.report.RunFacts;
import com.botbuddy.batch.report.TypedChat;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxSettings;

/**
 * The export's Chats sheet leaves out the cell references a reader can do without (a cell right after the
 * previous one), so where each cell lands rests on every reader counting columns the same way. Read back by
 * the import's streaming reader and by POI, every cell of every row must sit in its column, with the value
 * chats.csv holds there.
 */
class ExportedWorkbookTest {
    private static final List<String> TEXT_COLUMNS = ChatColumn.NAMES.stream()
            .filter(c -> !c.endsWith("_at") && !c.equals("website_visits") && !c.equals("is_online")).toList();

    private static final int EXCEL_CELL_LIMIT = 32_767;

    @TempDir
    Path dir;

    private List<TypedChat> chatsWithGaps() {
        List<TypedChat> chats = new ArrayList<>();
        SandboxData data = new SandboxData(SandboxSettings.forTests());
        for (int i = 0; i < data.size(); i++) {
            chats.add(new TypedChat(data.typeOf(i), data.chat(i)));
        }
        // no id: the row's first cell is not in column A
        chats.add(new TypedChat(ChatType.LEAD, new Chat(null, "uuid-only", null, null, null, null, null, "OPEN", null,
                null, null)));
        // one cell at each end of the row, nothing between
        chats.add(new TypedChat(ChatType.NON_LEAD, new Chat("ends-only", null, null, null, null, null,
                new Chat.Profile(null, new Chat.UserDetails(null, "https://example.com/p.png", null, null, null, null,
                        null, null)), null, null, null, null)));
        // every other field left out
        chats.add(new TypedChat(ChatType.LEAD, new Chat("sparse", null, "2024-01-02T03:04:05Z", null, null, null,
                new Chat.Profile(null, new Chat.UserDetails("Sparse", null, null, "Lyon", null, null, null, null)),
                "CLOSED", null, 3, "agent-9")));
        return chats;
    }

    private Path export(List<TypedChat> chats) throws Exception {
        ReportRequest request = new ReportRequest(dir, EnumSet.allOf(ReportFormat.class), LocalDate.of(2024, 3, 7),
                ZoneOffset.UTC, "bot", "customer", Instant.parse("2024-03-07T06:00:00Z"));
        try (ChatReport report = ChatReport.open(request)) {
            for (TypedChat chat : chats) {
                report.add(chat);
            }
            report.finish(new RunFacts(1, 0, Duration.ofSeconds(1), 1));
        }
        return dir;
    }

    @Test
    void everyChatsSheetCellReadsBackInItsColumnThroughTheImportReaderAsInChatsCsv() throws Exception {
        List<TypedChat> chats = chatsWithGaps();
        Path folder = export(chats);

        int rows = 0;
        try (SpreadsheetInput csv = SpreadsheetInput.open(folder.resolve("chats.csv"), null);
                SpreadsheetInput xlsx = SpreadsheetInput.open(folder.resolve("report.xlsx"), "Chats")) {
            assertThat(xlsx.columns().header()).isEqualTo(ChatColumn.NAMES);
            for (SheetRow expected = csv.next(); expected != null; expected = csv.next()) {
                SheetRow actual = xlsx.next();
                assertThat(actual).as("sheet row %d", expected.rowNo()).isNotNull();
                assertThat(actual.rowNo()).isEqualTo(expected.rowNo());
                for (String column : TEXT_COLUMNS) {
                    int i = ChatColumn.NAMES.indexOf(column);
                    assertSameText(actual.cells().get(i), expected.cells().get(i), "row " + expected.rowNo() + ", " + column);
                }
                rows++;
            }
            assertThat(xlsx.next()).isNull();
        }
        assertThat(rows).isEqualTo(chats.size());
    }

    @Test
    void textThatAlreadyStartsWithAQuoteAndAFormulaCharacterReadsBackUnchangedFromBothFormats() throws Exception {
        List<String> names = List.of("'=already quoted", "''+twice", "'plain quote", "=formula", "'", "'@");
        List<TypedChat> chats = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            chats.add(new TypedChat(ChatType.LEAD, new Chat("id-" + i, null, null, null, null, null,
                    new Chat.Profile(null, new Chat.UserDetails(names.get(i), null, null, "'-city", null, null, null,
                            null)), "OPEN", null, null, null)));
        }
        Path folder = export(chats);
        int name = ChatColumn.NAMES.indexOf("name");
        int city = ChatColumn.NAMES.indexOf("city");
        for (String file : List.of("chats.csv", "report.xlsx")) {
            try (SpreadsheetInput input = SpreadsheetInput.open(folder.resolve(file), file.endsWith("xlsx") ? "Chats" : null)) {
                for (String expected : names) {
                    SheetRow row = input.next();
                    assertThat(row.cells().get(name)).as(file).isEqualTo(expected);
                    assertThat(row.cells().get(city)).as(file).isEqualTo("'-city");
                }
            }
        }
    }

    @Test
    void everyChatsSheetCellSitsInItsColumnForPoi() throws Exception {
        List<TypedChat> chats = chatsWithGaps();
        Path folder = export(chats);
        DataFormatter text = new DataFormatter();

        try (SpreadsheetInput csv = SpreadsheetInput.open(folder.resolve("chats.csv"), null);
                XSSFWorkbook workbook = new XSSFWorkbook(OPCPackage.open(folder.resolve("report.xlsx").toFile(),
                        PackageAccess.READ))) {
            Sheet sheet = workbook.getSheet("Chats");
            assertThat(sheet.getLastRowNum()).isEqualTo(chats.size());
            for (SheetRow expected = csv.next(); expected != null; expected = csv.next()) {
                Row row = sheet.getRow(expected.rowNo() - 1);
                for (String column : ChatColumn.NAMES) {
                    int i = ChatColumn.NAMES.indexOf(column);
                    String where = "row " + expected.rowNo() + ", " + column;
                    if (expected.cells().get(i).isEmpty()) {
                        assertThat(row.getCell(i)).as(where).isNull(); // nothing shifted into a left-out cell
                    } else if (TEXT_COLUMNS.contains(column)) {
                        assertSameText(text.formatCellValue(row.getCell(i)), expected.cells().get(i), where);
                    } else {
                        assertThat(row.getCell(i)).as(where).isNotNull();
                    }
                }
            }
        }
    }

    /** As in chats.csv; past Excel's cell limit the sheet holds the start of it, cut with a marker. */
    private static void assertSameText(String sheet, String csv, String where) {
        if (csv.length() <= EXCEL_CELL_LIMIT) {
            assertThat(sheet).as(where).isEqualTo(csv);
        } else {
            assertThat(sheet.length()).as(where).isLessThanOrEqualTo(EXCEL_CELL_LIMIT);
            assertThat(sheet).as(where).startsWith(csv.substring(0, EXCEL_CELL_LIMIT / 2));
        }
    }
}
