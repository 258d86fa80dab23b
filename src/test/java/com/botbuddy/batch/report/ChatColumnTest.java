package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.importer.ImportColumns;

/** The column model drives every writer and the import: each property of a column shows where it should. */
class ChatColumnTest {
    @TempDir
    Path folder;

    private XSSFWorkbook exported(TypedChat chat) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, TestChats.both()))) {
            report.add(chat);
            report.finish(TestChats.FACTS);
        }
        return new XSSFWorkbook(OPCPackage.open(folder.resolve("report.xlsx").toFile(), PackageAccess.READ));
    }

    @Test
    void theCsvHeaderAndTheSheetHeaderAreTheModelsColumnsInOrder() throws Exception {
        try (XSSFWorkbook workbook = exported(TestChats.full())) {
            Row header = workbook.getSheet("Chats").getRow(0);
            List<String> names = new ArrayList<>();
            header.forEach(cell -> names.add(cell.getStringCellValue()));
            assertThat(names).containsExactlyElementsOf(ChatColumn.NAMES);
        }
        assertThat(ChatsCsvTest.read(folder.resolve("chats.csv")).get(0)).containsExactlyElementsOf(ChatColumn.NAMES);
    }

    @Test
    void eachColumnHasItsModelsWidthOnTheChatsSheet() throws Exception {
        try (XSSFWorkbook workbook = exported(TestChats.full())) {
            XSSFSheet sheet = workbook.getSheet("Chats");
            for (ChatColumn column : ChatColumn.values()) {
                assertThat(sheet.getColumnWidth(column.ordinal())).as(column.header()).isEqualTo(column.width() * 256);
            }
        }
    }

    @Test
    void eachColumnsCellOnTheSheetIsOfItsModelsKindAndHoldsItsText() throws Exception {
        TypedChat chat = TestChats.full();
        try (XSSFWorkbook workbook = exported(chat)) {
            Row row = workbook.getSheet("Chats").getRow(1);
            for (ChatColumn column : ChatColumn.values()) {
                String text = column.text(chat);
                Cell cell = row.getCell(column.ordinal());
                if (text.isEmpty()) {
                    assertThat(cell).as(column.header()).isNull();
                    continue;
                }
                switch (column.kind()) {
                    case TEXT -> assertThat(cell.getStringCellValue()).as(column.header()).isEqualTo(text);
                    case INTEGER -> assertThat(cell.getNumericCellValue()).as(column.header())
                            .isEqualTo(Double.parseDouble(text));
                    case BOOLEAN -> assertThat(cell.getBooleanCellValue()).as(column.header())
                            .isEqualTo(Boolean.parseBoolean(text));
                    case INSTANT -> {
                        assertThat(cell.getCellType()).as(column.header()).isEqualTo(CellType.NUMERIC);
                        assertThat(DateUtil.isCellDateFormatted(cell)).as(column.header()).isTrue();
                        assertThat(cell.getLocalDateTimeCellValue().toInstant(java.time.ZoneOffset.UTC))
                                .as(column.header()).isEqualTo(Instants.parse(text));
                    }
                }
            }
        }
        // every kind appears in the full chat, so each branch above ran
        assertThat(Arrays.stream(ChatColumn.values()).filter(c -> !c.text(chat).isEmpty()).map(ChatColumn::kind)
                .distinct()).containsExactlyInAnyOrder(ChatColumn.CellKind.values());
    }

    @Test
    void theImportWritesBackTheEditableColumnsUnderEverySpellingAndIgnoresTheReadOnlyOnes() {
        for (ChatColumn column : ChatColumn.values()) {
            List<String> spellings = new ArrayList<>(column.importAliases());
            spellings.add(column.header());
            for (String spelling : spellings) {
                ImportColumns columns = ImportColumns.of(column == ChatColumn.UUID ? List.of(spelling) : List.of("uuid", spelling), 1);
                if (column.importAs() == ChatColumn.Import.EDITABLE) {
                    assertThat(Arrays.stream(ImportColumns.Field.values())
                            .filter(f -> f.column() == column).filter(columns::has)).as(spelling).hasSize(1);
                    assertThat(columns.ignoredColumns()).as(spelling).isEmpty();
                } else if (column.importAs() == ChatColumn.Import.CHECKED) {
                    assertThat(columns.hasUpdatedAt()).as(spelling).isTrue();
                    assertThat(columns.ignoredColumns()).as(spelling).isEmpty();
                } else {
                    assertThat(columns.ignoredColumns()).as(spelling).containsExactly(spelling);
                }
                assertThat(columns.unknownColumns()).as(spelling).isEmpty();
            }
        }
    }
}
