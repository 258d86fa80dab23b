package com.botbuddy.batch.importer;

import static com.botbuddy.batch.importer.ImportTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.InvalidInputException;

class SpreadsheetInputTest {
    @TempDir
    Path dir;

    private static List<SheetRow> readAll(Path file, String sheet) throws IOException {
        List<SheetRow> rows = new ArrayList<>();
        try (SpreadsheetInput input = SpreadsheetInput.open(file, sheet)) {
            SheetRow row;
            while ((row = input.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvWithBomSemicolonsQuotedNewlinesAndBlankRowsKeepsSpreadsheetRowNumbers() throws IOException {
        Path file = write("edits.csv", "\uFEFF\n uuid ;notes;name\n" + uuid(1) + ";\"line one\nline; two\";\"O\"\"Brien\"\n"
                + ";;\n\n" + uuid(2) + ";'=SUM(A1);'+91\n");
        try (SpreadsheetInput input = SpreadsheetInput.open(file, "")) {
            assertThat(input.headerRowNo()).isEqualTo(2);
            assertThat(input.columns().header()).containsExactly("uuid", "notes", "name");
        }
        List<SheetRow> rows = readAll(file, "");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).rowNo()).isEqualTo(3);
        assertThat(rows.get(0).cells()).containsExactly(uuid(1), "line one\nline; two", "O\"Brien");
        assertThat(rows.get(1).rowNo()).isEqualTo(6);
        assertThat(rows.get(1).cells()).as("the export's formula guard is removed").containsExactly(uuid(2), "=SUM(A1)", "+91");
    }

    @Test
    void csvBackslashIsNotAnEscape() throws IOException {
        Path file = write("edits.csv", "uuid,name\n" + uuid(1) + ",\"C:\\temp\\\"\n");
        assertThat(readAll(file, "").get(0).cells().get(1)).isEqualTo("C:\\temp\\");
    }

    @Test
    void emptyFileIsInvalidInput() throws IOException {
        Path file = write("edits.csv", "");
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is empty (0 bytes)");
        Path blank = write("blank.csv", "\n  \n,,\n");
        assertThatThrownBy(() -> SpreadsheetInput.open(blank, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no header row found");
    }

    @Test
    void invalidUtf8IsRefusedNamingTheEncodingAndLine() throws IOException {
        byte[] latin1 = "uuid,name\nx,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = write("edits.csv", latin1);
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid UTF-8").hasMessageContaining("line 2").hasMessageContaining("CSV UTF-8");
        assertThatThrownBy(() -> readAll(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void otherExtensionsAreRefused() throws IOException {
        Path txt = write("edits.txt", "uuid\n");
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(txt)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(".csv (UTF-8) or .xlsx");
        Path xls = write("edits.xls", "uuid\n");
        assertThatThrownBy(() -> SpreadsheetInput.open(xls, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("old .xls");
    }

    @Test
    void missingFileIsInvalidInput() {
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(dir.resolve("nope.csv")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }

    @Test
    void xlsxThatIsReallyACsvIsRefused() throws IOException {
        Path file = write("edits.xlsx", "uuid,name\n" + uuid(1) + ",A\n");
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an Excel workbook").hasMessageContaining("rename it to .csv");
        assertThatThrownBy(() -> SpreadsheetInput.open(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not an Excel workbook");
    }

    @Test
    void encryptedWorkbookIsRefusedWithAHint() throws Exception {
        Path plain = XlsxFixtures.workbook(dir.resolve("plain.xlsx"), "Chats", new Object[] { "uuid" }, new Object[] { uuid(1) });
        Path file = dir.resolve("secret.xlsx");
        XlsxFixtures.encrypted(plain, file, "s3cret");
        assertThatThrownBy(() -> SpreadsheetInput.checkAndHash(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password-protected");
        assertThatThrownBy(() -> SpreadsheetInput.open(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("password-protected");
    }

    @Test
    void zipBombIsRefused() throws Exception {
        Path plain = XlsxFixtures.workbook(dir.resolve("plain.xlsx"), "Chats", new Object[] { "uuid" }, new Object[] { uuid(1) });
        Path bomb = dir.resolve("bomb.xlsx");
        try (ZipFile zip = new ZipFile(plain.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] bytes = in.readAllBytes();
                    if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                        String xml = new String(bytes, StandardCharsets.UTF_8);
                        int at = xml.indexOf("<sheetData");
                        out.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                        byte[] spaces = new byte[1 << 20];
                        java.util.Arrays.fill(spaces, (byte) ' ');
                        for (int i = 0; i < 64; i++) {
                            out.write(spaces);
                        }
                        out.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.write(bytes);
                    }
                }
                out.closeEntry();
            }
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThatThrownBy(() -> readAll(bomb, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refused as unsafe");
    }

    @Test
    void tenMegabyteCellRejectsItsRowNotTheFile() throws IOException {
        String huge = "x".repeat(10 * 1024 * 1024);
        Path file = write("edits.csv", "uuid,notes\n" + uuid(1) + ",\"" + huge + "\"\n" + uuid(2) + ",ok\n");
        List<SheetRow> rows = readAll(file, "");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).problem()).startsWith("cell too long: column B has 10485760 characters");
        assertThat(rows.get(0).cells().get(1)).hasSize(SpreadsheetInput.MAX_CELL_CHARS);
        assertThat(rows.get(1).problem()).isNull();
    }

    @Test
    void firstSheetWithoutUuidColumnNamesTheWorkbooksSheetsAndTheSheetOption() throws IOException {
        Path file = dir.resolve("report.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Row summary = wb.createSheet("Summary").createRow(0);
            summary.createCell(0).setCellValue("item");
            summary.createCell(1).setCellValue("value");
            Sheet chats = wb.createSheet("Chats");
            chats.createRow(0).createCell(0).setCellValue("uuid");
            chats.createRow(1).createCell(0).setCellValue(uuid(1));
            wb.write(out);
        }
        assertThatThrownBy(() -> readAll(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no 'uuid' column").hasMessageContaining("sheet 'Summary'")
                .hasMessageContaining("'Chats'").hasMessageContaining("--sheet");
        assertThat(readAll(file, "Chats")).hasSize(1);
    }

    @Test
    void unclosedQuoteIsInvalidInputNamingTheRow() throws IOException {
        Path file = write("edits.csv", "uuid,name\n" + uuid(1) + ",A\n" + uuid(2) + ",\"never closed\n");
        assertThatThrownBy(() -> readAll(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after row 2").hasMessageContaining("unclosed quote");
    }

    @Test
    void unclosedQuoteFollowedByMoreLinesIsAOneLineMessageWithoutTheFilesText() throws IOException {
        StringBuilder csv = new StringBuilder("uuid,name\n" + uuid(1) + ",\"never closed\n");
        for (int i = 2; i < 200; i++) {
            csv.append(uuid(i)).append(",name ").append(i).append('\n');
        }
        Path file = write("edits.csv", csv.toString());
        assertThatThrownBy(() -> readAll(file, "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after row 1").hasMessageContaining("unclosed quote")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r").hasSizeLessThan(400)
                        .doesNotContain(uuid(150)));
    }

    @Test
    void xlsxCellsReadAsTypedNumbersWithoutDecimalsDatesBooleansAndCachedFormulaValues() throws Exception {
        Path file = dir.resolve("edits.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("Notes");
            Sheet sheet = wb.createSheet("Chats");
            Row header = sheet.createRow(2);
            String[] names = { "uuid", "phone", "dial_code", "name", "created_at", "is_online", "email" };
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            Row row = sheet.createRow(4);
            row.createCell(0).setCellValue(uuid(1));
            row.createCell(1).setCellValue(919876543210d);
            row.createCell(2).setCellValue(91d);
            Cell formula = row.createCell(3);
            formula.setCellFormula("UPPER(\"asha\")");
            formula.setCellValue("Asha (cached)");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Cell when = row.createCell(4);
            when.setCellValue(java.time.LocalDate.of(2025, 1, 31));
            when.setCellStyle(date);
            row.createCell(5).setCellValue(true);
            Cell numericFormula = row.createCell(6);
            numericFormula.setCellFormula("1+1");
            numericFormula.setCellValue(12345678901d);
            wb.write(out);
        }
        String shaBefore = SpreadsheetInput.checkAndHash(file);

        assertThatThrownBy(() -> SpreadsheetInput.open(file, "Leads")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no sheet named 'Leads'").hasMessageContaining("'Notes', 'Chats'");
        assertThatThrownBy(() -> SpreadsheetInput.open(file, "")).as("the first sheet is empty")
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sheet 'Notes'");
        List<SheetRow> rows = readAll(file, "Chats");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).rowNo()).isEqualTo(5);
        assertThat(rows.get(0).cells()).containsExactly(uuid(1), "919876543210", "91", "Asha (cached)", "2025-01-31",
                "true", "12345678901");
        assertThat(SpreadsheetInput.checkAndHash(file)).as("reading never rewrites the input").isEqualTo(shaBefore);
    }

    @Test
    void maximumSizeSheetIsStreamed() throws Exception {
        int rows = Integer.getInteger("importer.bigSheetRows", 1_048_576);
        Path file = dir.resolve("big.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            wb.setCompressTempFiles(true);
            Sheet sheet = wb.createSheet("Chats");
            sheet.createRow(0).createCell(0).setCellValue("uuid");
            for (int r = 1; r < rows; r++) {
                sheet.createRow(r).createCell(0).setCellValue(r);
            }
            wb.write(out);
        }
        int count = 0;
        int last = 0;
        try (SpreadsheetInput input = SpreadsheetInput.open(file, "")) {
            SheetRow row;
            while ((row = input.next()) != null) {
                count++;
                last = row.rowNo();
            }
        }
        assertThat(count).isEqualTo(rows - 1);
        assertThat(last).isEqualTo(rows);
    }

    @Test
    void checkAndHashIsTheFilesSha256() throws Exception {
        Path file = write("edits.csv", "uuid\n");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest("uuid\n".getBytes(StandardCharsets.UTF_8));
        assertThat(SpreadsheetInput.checkAndHash(file)).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        ByteArrayOutputStream unused = new ByteArrayOutputStream();
        assertThat(unused.size()).isZero();
    }
}
