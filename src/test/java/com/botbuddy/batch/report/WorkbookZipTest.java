package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbookZipTest {
    private static final String SHEET = "xl/worksheets/sheet2.xml";
    private static final String SHEET_XML = "<worksheet>" + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>".repeat(500)
            + "</worksheet>";

    @TempDir
    Path folder;

    /** A workbook as POI writes it: parts before and after an empty placeholder for the streamed sheet. */
    private Path poiWorkbook() throws IOException {
        Path file = folder.resolve("poi.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : new String[] { "[Content_Types].xml", "xl/workbook.xml", SHEET, "xl/styles.xml" }) {
                out.putNextEntry(new ZipEntry(name));
                out.write((name.equals(SHEET) ? "" : "<part name=\"" + name + "\"/>").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    private Path workbook(long zip64From) throws IOException {
        Path file = folder.resolve("report.xlsx");
        try (WorkbookZip zip = WorkbookZip.create(file, zip64From)) {
            byte[] xml = SHEET_XML.getBytes(StandardCharsets.UTF_8);
            try (OutputStream sheet = zip.beginSheet(SHEET)) {
                sheet.write(rawDeflate(xml));
            }
            CRC32 crc = new CRC32();
            crc.update(xml);
            zip.endSheet(crc.getValue(), xml.length);
            zip.finish(poiWorkbook());
        }
        return file;
    }

    private static byte[] rawDeflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static Map<String, String> readByDirectory(Path file) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    parts.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return parts;
    }

    /** As a streaming reader does: local header after local header, each entry's CRC checked at its end. */
    private static Map<String, String> readByLocalHeaders(Path file) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                parts.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return parts;
    }

    private static Map<String, String> readByCommonsCompress(Path file) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        try (org.apache.commons.compress.archivers.zip.ZipFile zip = org.apache.commons.compress.archivers.zip.ZipFile
                .builder().setPath(file).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    parts.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return parts;
    }

    @Test
    void theDirectoryListsPoisPartsInOrderWithTheStreamedSheetInItsPlaceholdersPlace() throws IOException {
        Path file = workbook(0xFFFFFFFFL);

        Map<String, String> parts = readByDirectory(file);
        assertThat(parts.keySet()).containsExactly("[Content_Types].xml", "xl/workbook.xml", SHEET, "xl/styles.xml");
        assertThat(parts.get(SHEET)).isEqualTo(SHEET_XML);
        assertThat(parts.get("xl/styles.xml")).isEqualTo("<part name=\"xl/styles.xml\"/>");
        assertThat(readByCommonsCompress(file)).isEqualTo(parts);
        // in the file, the streamed sheet comes first: a reader of local headers finds every part and its CRC right
        Map<String, String> streamed = readByLocalHeaders(file);
        assertThat(streamed.keySet()).containsExactly(SHEET, "[Content_Types].xml", "xl/workbook.xml",
                "xl/styles.xml");
        assertThat(streamed).isEqualTo(parts);
    }

    @Test
    void withoutZip64TheStreamedSheetsHeaderHoldsItsSizesAndPaddingInTheRoomForZip64() throws IOException {
        Path file = workbook(0xFFFFFFFFL);

        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(0)).as("local header").isEqualTo(0x04034b50);
        assertThat(header.getShort(4)).as("version needed: 2.0").isEqualTo((short) 20);
        assertThat(header.getInt(22)).as("uncompressed size").isEqualTo(SHEET_XML.length());
        assertThat(header.getInt(18)).as("compressed size").isEqualTo(rawDeflate(SHEET_XML.getBytes()).length);
        int nameLength = header.getShort(26);
        assertThat(header.getShort(28)).as("extra length").isEqualTo((short) 20);
        assertThat(header.getShort(30 + nameLength) & 0xFFFF).as("padding field").isEqualTo(0xa11e);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain("PK\u0006\u0006");
    }

    @Test
    void zip64SizesAndOffsetsReadBackInEveryReader() throws IOException {
        // every size and offset from 1 byte on written as Zip64, as a sheet of more than 4 GB would be
        Path file = workbook(1);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getShort(4)).as("version needed: 4.5").isEqualTo((short) 45);
        assertThat(bytes.getInt(18)).as("compressed size in the Zip64 field").isEqualTo(-1);
        assertThat(new String(bytes.array(), StandardCharsets.ISO_8859_1)).as("Zip64 end of central directory")
                .contains("PK\u0006\u0006").contains("PK\u0006\u0007");
        Map<String, String> parts = readByDirectory(file);
        assertThat(parts.keySet()).containsExactly("[Content_Types].xml", "xl/workbook.xml", SHEET, "xl/styles.xml");
        assertThat(parts.get(SHEET)).isEqualTo(SHEET_XML);
        assertThat(readByCommonsCompress(file)).isEqualTo(parts);
        assertThat(readByLocalHeaders(file)).isEqualTo(parts);
    }

    @Test
    void aStreamedSheetWithoutAPlaceholderInPoisWorkbookFailsTheWorkbook() throws IOException {
        Path file = folder.resolve("report.xlsx");
        try (WorkbookZip zip = WorkbookZip.create(file)) {
            zip.beginSheet("xl/worksheets/sheet9.xml").write(rawDeflate(new byte[0]));
            zip.endSheet(0, 0);
            assertThatThrownBy(() -> zip.finish(poiWorkbook())).isInstanceOf(IOException.class)
                    .hasMessageContaining("xl/worksheets/sheet9.xml");
        }
    }
}
