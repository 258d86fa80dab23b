package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spreadsheets as people and attackers make them, each imported through the real command in one JVM capped at
 * 256 MB ({@link HostileFilesRunner}): each ends with its documented exit code and a line naming the file (and
 * the row, where a row is at fault), no stack trace, nothing sent for a file that cannot be read, and no
 * content from outside the file (an external entity) read or fetched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFilesTest {
    private static final String HEADER = "uuid,name\n";
    private static final String XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /** A file, what the import must answer (exit code), and what its line must say. */
    enum Case {
        ZIP_BOMB("edits.xlsx", 2, "refused as unsafe"),
        EXTERNAL_ENTITY_OVER_HTTP("edits.xlsx", 2, "The entity \"e\" was referenced, but not declared"),
        EXTERNAL_ENTITY_FROM_A_LOCAL_FILE("edits.xlsx", 2, "The entity \"e\" was referenced, but not declared"),
        ENTITY_EXPANSION("edits.xlsx", 2, "The entity \"l10\" was referenced, but not declared"),
        TEN_MB_CELL_XLSX("edits.xlsx", 5, "rejected 1", "2", "cell too long"),
        TEN_MB_CELL_CSV("edits.csv", 5, "rejected 1", "2", "cell too long"),
        FIFTY_MB_LINE_CSV("edits.csv", 5, "rejected 1", "2", "cell too long"),
        COLUMNS_16384("edits.xlsx", 0, "updated 2"),
        LAST_ROW_1048576("edits.xlsx", 0, "updated 3"),
        SHARED_STRING_OUT_OF_RANGE("edits.xlsx", 2, "cannot be read as an Excel workbook"),
        MISSING_SHEET_PART("edits.xlsx", 2, "cannot be read as an Excel workbook"),
        MALFORMED_SHEET_XML("edits.xlsx", 2, "cannot be read as an Excel workbook"),
        PASSWORD_PROTECTED("edits.xlsx", 2, "password-protected"),
        XLS_UNDER_XLSX_NAME("edits.xlsx", 2, "an old binary Excel file"),
        ODS_UNDER_XLSX_NAME("edits.xlsx", 2, "is an OpenDocument spreadsheet (LibreOffice's own format)"),
        PLAIN_ZIP_UNDER_XLSX_NAME("edits.xlsx", 2, "cannot be read as an Excel workbook"),
        TRUNCATED_XLSX("edits.xlsx", 2, "Truncated ZIP file"),
        CSV_UNDER_XLSX_NAME("edits.xlsx", 2, "rename it to .csv"),
        FORMULAS_WITH_CACHED_VALUES("edits.xlsx", 0, "updated 2"),
        UTF16_CSV("edits.csv", 2, "is not valid UTF-8 text (first bad byte on line 1)"),
        WINDOWS_1252_CSV("edits.csv", 2, "is not valid UTF-8 text (first bad byte on line 2)"),
        INVALID_UTF8_CSV("edits.csv", 2, "is not valid UTF-8 text (first bad byte on line 2)"),
        NUL_BYTES_CSV("edits.csv", 5, "rejected 2", "2", "column B holds a NUL character"),
        UNCLOSED_QUOTE_CSV("edits.csv", 2, "cannot read the CSV after row 2"),
        DUPLICATED_HEADER_COLUMNS("edits.csv", 2, "has the column 'name' twice (B and C)"),
        DIRECTORY("edits.csv", 2, "cannot read the input file"),
        FIFO("edits.csv", 2, "cannot read the input file"),
        DEV_ZERO("edits.csv", 2, "cannot read the input file"),
        FIFTY_THOUSAND_ROWS_OF_ONE_UUID("edits.csv", 5, "rejected 49999", "3", "duplicate uuid: first seen on row 2"),
        EMPTY_FILE("edits.csv", 2, "is empty (0 bytes)"),
        HEADER_ONLY("edits.csv", 2, "no data rows"),
        NO_UUID_COLUMN("edits.csv", 2, "no 'uuid' column"),
        UUID_THAT_IS_A_FORMULA("edits.csv", 5, "rejected 1", "2", "is not a UUID"),
        OTHER_EXTENSION("edits.txt", 2, "cannot import this kind of file"),
        MISSING_FILE("edits.csv", 2, "cannot read the input file");

        final String fileName;
        final int exit;
        final String says;
        /** The rejected row's number in results.csv, and its reason; {@code null} for a file-level answer. */
        final String row;
        final String reason;

        Case(String fileName, int exit, String says) {
            this(fileName, exit, says, null, null);
        }

        Case(String fileName, int exit, String says, String row, String reason) {
            this.fileName = fileName;
            this.exit = exit;
            this.says = says;
            this.row = row;
            this.reason = reason;
        }
    }

    private final AtomicInteger leakRequests = new AtomicInteger();
    private final Map<Case, JsonNode> results = new EnumMap<>(Case.class);
    private final Map<Case, Path> outs = new EnumMap<>(Case.class);
    private Path dir;
    private String[] uuids;
    private String childOutput;

    @BeforeAll
    void importEveryFileInOneSmallJvm() throws Exception {
        dir = Files.createTempDirectory("botbuddy-hostile-files");
        SandboxData data = new SandboxData(SandboxSettings.forTests());
        uuids = Arrays.stream(data.leadIndices()).limit(3).mapToObj(data::uuid).toArray(String[]::new);
        HttpServer leak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        leak.createContext("/", exchange -> {
            leakRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        leak.start();
        try {
            List<String> manifest = new ArrayList<>();
            for (Case c : Case.values()) {
                Path caseDir = Files.createDirectories(dir.resolve(c.name()));
                Path file = caseDir.resolve(c.fileName);
                write(c, file, leak.getAddress().getPort());
                outs.put(c, caseDir.resolve("results"));
                manifest.add(c.name() + "\t" + file + "\t" + outs.get(c));
            }
            Path manifestFile = Files.write(dir.resolve("manifest.tsv"), manifest, StandardCharsets.UTF_8);
            Path resultFile = dir.resolve("results.jsonl");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"), HostileFilesRunner.class.getName(),
                    manifestFile.toString(), dir.resolve("home").toString(), resultFile.toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("BOTBUDDY_"));
            pb.environment().put("BOTBUDDY_BP_TOKEN", SandboxSettings.DEFAULT_BP_TOKEN);
            pb.environment().put("BOTBUDDY_BOT_TOKEN", SandboxSettings.DEFAULT_BOT_TOKEN);
            pb.redirectErrorStream(true);
            Path log = dir.resolve("runner.log");
            pb.redirectOutput(log.toFile());
            Process child = pb.start();
            if (!child.waitFor(8, TimeUnit.MINUTES)) {
                child.destroyForcibly();
            }
            childOutput = Files.readString(log);
            assertThat(child.exitValue()).as("the runner, capped at 256 MB, went through every file\n" + childOutput)
                    .isZero();
            JsonMapper json = JsonMapper.builder().build();
            for (String line : Files.readAllLines(resultFile, StandardCharsets.UTF_8)) {
                JsonNode node = json.readTree(line);
                results.put(Case.valueOf(node.get("name").asString()), node);
            }
        } finally {
            leak.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void eachFileEndsWithItsExitCodeAndOneLineNamingItWithoutATraceOrALeak(Case c) throws IOException {
        JsonNode result = results.get(c);
        assertThat(result).as(c + " ran\n" + childOutput).isNotNull();
        String output = result.get("output").asString();
        String report = c + " (exit " + result.get("exit").asInt() + ", " + result.get("updates").asLong()
                + " PUTs):\n" + output;
        System.out.println("HostileFilesTest " + report.lines().limit(6).toList());
        assertThat(result.get("exit").asInt()).as(report).isEqualTo(c.exit);
        assertThat(output).as(report).contains(c.says);
        assertThat(output).as("no stack trace\n" + report).doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                .doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread");
        if (c.exit == 2) {
            assertThat(output).as("the line names the file\n" + report).contains(c.fileName);
            assertThat(result.get("updates").asLong()).as("nothing sent for a file that cannot be read\n" + report)
                    .isZero();
        }
        if (c.row != null) {
            assertThat(Files.readAllLines(outs.get(c).resolve("results.csv"), StandardCharsets.UTF_8))
                    .as("results.csv gives the row and its reason\n" + report)
                    .anyMatch(line -> line.startsWith(c.row + ",") && line.contains(",rejected,") && line.contains(c.reason));
        }
        assertThat(leakRequests.get()).as("no external entity fetched").isZero();
        if (Files.exists(outs.get(c))) {
            try (Stream<Path> files = Files.walk(outs.get(c))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as("no local file's content in " + f).doesNotContain("root:x:0:0");
                }
            }
        }
    }

    // ------------------------------------------------------------------ the corpus

    private void write(Case c, Path file, int leakPort) throws Exception {
        String u0 = uuids[0];
        String u1 = uuids[1];
        String u2 = uuids[2];
        switch (c) {
            case ZIP_BOMB -> {
                String spaces = " ".repeat(1 << 20);
                StringBuilder padding = new StringBuilder();
                for (int i = 0; i < 64; i++) {
                    padding.append(spaces);
                }
                xlsx(file, sheet(padding + "<sheetData>" + row(1, "uuid", "name") + row(2, u0, "A") + "</sheetData>"));
            }
            case EXTERNAL_ENTITY_OVER_HTTP -> xlsx(file, "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e SYSTEM"
                    + " \"http://127.0.0.1:" + leakPort + "/xxe\">]>" + sheetBody(row(1, "uuid", "name") + row(2, u0, "&e;")));
            case EXTERNAL_ENTITY_FROM_A_LOCAL_FILE -> xlsx(file, "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e"
                    + " SYSTEM \"file:///etc/passwd\">]>" + sheetBody(row(1, "uuid", "name") + row(2, u0, "&e;")));
            case ENTITY_EXPANSION -> {
                StringBuilder entities = new StringBuilder("<!ENTITY l0 \"lol\">");
                for (int i = 1; i <= 10; i++) {
                    entities.append("<!ENTITY l").append(i).append(" \"")
                            .append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
                }
                xlsx(file, "<?xml version=\"1.0\"?><!DOCTYPE w [" + entities + "]>"
                        + sheetBody(row(1, "uuid", "name") + row(2, u0, "&l10;")));
            }
            case TEN_MB_CELL_XLSX -> xlsx(file, sheet("<sheetData>" + row(1, "uuid", "name")
                    + row(2, u0, randomLetters(10 << 20)) + row(3, u1, "B") + "</sheetData>"));
            case TEN_MB_CELL_CSV -> text(file, HEADER + u0 + ",\"" + "x".repeat(10 << 20) + "\"\n" + u1 + ",B\n");
            case FIFTY_MB_LINE_CSV -> text(file, HEADER + u0 + "," + "y".repeat(50 << 20));
            case COLUMNS_16384 -> {
                List<String> header = new ArrayList<>(List.of("uuid", "name"));
                for (int i = 3; i <= 16_384; i++) {
                    header.add("extra" + i);
                }
                xlsx(file, sheet("<sheetData>" + row(1, header.toArray(String[]::new)) + row(2, u0, "A")
                        + row(3, u1, "B") + "</sheetData>"));
            }
            case LAST_ROW_1048576 -> xlsx(file, sheet("<sheetData>" + row(1, "uuid", "name") + row(2, u0, "A")
                    + row(3, u1, "B") + row(1_048_576, u2, "C") + "</sheetData>"));
            case SHARED_STRING_OUT_OF_RANGE -> xlsx(file, sheet("<sheetData>" + row(1, "uuid", "name")
                    + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>999999</v></c></row></sheetData>"));
            case MISSING_SHEET_PART -> rewrite(base(file), file, "xl/worksheets/sheet1.xml", null);
            case MALFORMED_SHEET_XML -> xlsx(file, "<?xml version=\"1.0\"?><worksheet xmlns=\"" + XLSX_MAIN
                    + "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>uuid</t></is></c><row>");
            case PASSWORD_PROTECTED -> {
                XlsxFixtures.encrypted(base(file), file, "s3cret");
            }
            case XLS_UNDER_XLSX_NAME -> {
                try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
                    wb.createSheet("Chats").createRow(0).createCell(0).setCellValue("uuid");
                    wb.write(out);
                }
            }
            case ODS_UNDER_XLSX_NAME -> zip(file, Map.of("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml", "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:"
                            + "tc:opendocument:xmlns:office:1.0\"/>"));
            case PLAIN_ZIP_UNDER_XLSX_NAME -> zip(file, Map.of("notes.txt", "uuid,name\n" + u0 + ",A\n"));
            case TRUNCATED_XLSX -> {
                byte[] whole = Files.readAllBytes(base(file));
                Files.write(file, Arrays.copyOf(whole, whole.length / 2));
            }
            case CSV_UNDER_XLSX_NAME -> text(file, HEADER + u0 + ",A\n");
            case FORMULAS_WITH_CACHED_VALUES -> xlsx(file, sheet("<sheetData>" + row(1, "uuid", "name")
                    + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>" + u0 + "</t></is></c><c r=\"B2\" t=\"str\">"
                    + "<f>HYPERLINK(\"http://127.0.0.1:" + leakPort + "/f\",\"x\")</f><v>Cached A</v></c></row>"
                    + "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>" + u1 + "</t></is></c><c r=\"B3\">"
                    + "<f>1+1</f><v>2</v></c></row></sheetData>"));
            case UTF16_CSV -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(0xFF);
                bytes.write(0xFE);
                bytes.write((HEADER + u0 + ",A\n").getBytes(StandardCharsets.UTF_16LE));
                Files.write(file, bytes.toByteArray());
            }
            case WINDOWS_1252_CSV -> Files.write(file, (HEADER + u0 + ",Café Müller\n").getBytes(Charset.forName("windows-1252")));
            case INVALID_UTF8_CSV -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write((HEADER + u0 + ",A").getBytes(StandardCharsets.UTF_8));
                bytes.write(new byte[] {(byte) 0xC3, 0x28, '\n'});
                Files.write(file, bytes.toByteArray());
            }
            case NUL_BYTES_CSV -> text(file, HEADER + u0 + ",A\0B\n" + "\0\0\0\0\n");
            case UNCLOSED_QUOTE_CSV -> text(file, HEADER + u0 + ",A\n" + u1 + ",\"B\n" + u2 + ",C\n");
            case DUPLICATED_HEADER_COLUMNS -> text(file, "uuid,name,name\n" + u0 + ",A,B\n");
            case DIRECTORY -> Files.createDirectories(file);
            case FIFO -> {
                Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
                assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
            }
            case DEV_ZERO -> Files.createSymbolicLink(file, Path.of("/dev/zero"));
            case FIFTY_THOUSAND_ROWS_OF_ONE_UUID -> {
                StringBuilder sb = new StringBuilder(HEADER);
                for (int i = 0; i < 50_000; i++) {
                    sb.append(u0).append(",Name ").append(i).append('\n');
                }
                text(file, sb.toString());
            }
            case EMPTY_FILE -> text(file, "");
            case HEADER_ONLY -> text(file, HEADER);
            case NO_UUID_COLUMN -> text(file, "name,email\nA,a@example.com\n");
            case UUID_THAT_IS_A_FORMULA -> text(file, HEADER + "=cmd|' /C calc'!A0,A\n" + u1 + ",B\n");
            case OTHER_EXTENSION -> text(file, HEADER + u0 + ",A\n");
            case MISSING_FILE -> {
                // nothing: the file is not there
            }
        }
    }

    /** Text that compresses as prose does, not as a bomb: a 10 MB cell a person could paste. */
    private static String randomLetters(int length) {
        java.util.Random random = new java.util.Random(19);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static void text(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Path base(Path file) throws IOException {
        return XlsxFixtures.workbook(file.resolveSibling("base.xlsx"), "Chats", new Object[] {"uuid", "name"},
                new Object[] {uuids[0], "A"}, new Object[] {uuids[1], "B"});
    }

    /** A workbook whose first sheet is {@code sheetXml}, everything else as POI writes it. */
    private void xlsx(Path file, String sheetXml) throws IOException {
        rewrite(base(file), file, "xl/worksheets/sheet1.xml", sheetXml);
    }

    private static String sheet(String inside) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + sheetBodyRaw(inside);
    }

    private static String sheetBody(String rows) {
        return sheetBodyRaw("<sheetData>" + rows + "</sheetData>");
    }

    private static String sheetBodyRaw(String inside) {
        return "<worksheet xmlns=\"" + XLSX_MAIN + "\">" + inside + "</worksheet>";
    }

    /** A row of inline strings; a value holding {@code &} is taken as markup (an entity reference). */
    private static String row(int number, String... values) {
        StringBuilder sb = new StringBuilder("<row r=\"").append(number).append("\">");
        for (int i = 0; i < values.length; i++) {
            sb.append("<c r=\"").append(column(i)).append(number).append("\" t=\"inlineStr\"><is><t>")
                    .append(values[i]).append("</t></is></c>");
        }
        return sb.append("</row>").toString();
    }

    private static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            name.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return name.toString();
    }

    /** Copies a zip, replacing one entry's content ({@code null}: leaving the entry out). */
    private static void rewrite(Path source, Path target, String entryName, String content) throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().equals(entryName) && content == null) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(entryName)) {
                    out.write(content.getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    private static void zip(Path file, Map<String, String> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).descendingMap().entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
