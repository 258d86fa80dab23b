package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the process tests share: the job repository the children use (an H2 file or the local PostgreSQL),
 * the export's arguments, the reference reports of one uninterrupted run, the one comparison of reports, and
 * {@code jobs --json}.
 */
final class ProcessTestSupport {
    /** 3000 chats: 37 pages of leads and 24 of non-leads (pages of 50), committed 4 pages at a time. */
    static final int CHATS = 3000;
    /** Per page, one page in flight: fetchLeads takes about 7 s, time enough to see 3 commits and kill it. */
    static final int KILL_LATENCY_MS = 200;
    /** Per page: fetching takes about 25 s, time enough for a second JVM to start and stop the run. */
    static final int STOP_LATENCY_MS = 400;
    static final List<String> CSVS = List.of("chats.csv", "funnel.csv", "status.csv", "agents.csv", "daily.csv");
    static final String XLSX = "report.xlsx";
    /** The Summary's run facts (column A's labels): what two runs of one export may differ in. */
    static final List<String> RUN_FACTS = List.of("run time", "duration", "job execution");
    /** The local PostgreSQL (override with -Dbotbuddy.test.postgres.url=...). */
    static final String PG_URL = System.getProperty("botbuddy.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = "postgres";

    private ProcessTestSupport() {
    }

    /** Where the children keep their job repository, as options, environment and a JDBC view for the test. */
    record Repo(String name, List<String> args, Map<String, String> env, String jdbcUrl, String user) {
        private static volatile String lastProblem;

        static Repo h2(Path home) {
            return new Repo("H2", List.of("--home", home.toString()), Map.of(), EmbeddedHome.jdbcUrl(home), "sa");
        }

        /** The local PostgreSQL; the calling test is skipped when it does not answer within about 2 s. */
        static Repo postgres() {
            Properties props = new Properties();
            props.setProperty("user", PG_USER);
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "5");
            DriverManager.setLoginTimeout(2);
            String problem = null;
            try (Connection c = DriverManager.getConnection(PG_URL, props)) {
                c.isValid(2);
            } catch (SQLException e) {
                problem = e.getMessage();
            }
            Assumptions.assumeTrue(problem == null, "PostgreSQL at " + PG_URL.replaceFirst("^jdbc:postgresql://", "")
                    + " does not answer: " + problem);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("BOTBUDDY_REPOSITORY_USER", PG_USER);
            return new Repo("PostgreSQL", List.of("--repository-url", PG_URL), env, PG_URL, PG_USER);
        }

        /** A connection as the children take theirs (on H2, with the home's secret and its access lock). */
        Connection connect() throws SQLException {
            RepositorySettings settings = RepositorySettings.resolve(
                    EmbeddedHome.sharedHome(jdbcUrl), jdbcUrl.startsWith("jdbc:h2:") ? null : jdbcUrl, Map.of());
            return jdbcUrl.startsWith("jdbc:h2:") ? settings.connect() : DriverManager.getConnection(jdbcUrl, user, "");
        }

        /**
         * Commits of {@code step} in {@code executionId} so far, read with plain JDBC. For H2 this connects
         * through the child's AUTO_SERVER: call it only while the child that opened the file is alive.
         */
        long commits(long executionId, String step) {
            try (Connection c = connect();
                    PreparedStatement ps = c.prepareStatement("SELECT COMMIT_COUNT FROM BATCH_STEP_EXECUTION"
                            + " WHERE JOB_EXECUTION_ID = ? AND STEP_NAME = ?")) {
                ps.setLong(1, executionId);
                ps.setString(2, step);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                lastProblem = e.getMessage();
                return -1; // not there yet or the child is busy; the caller polls again
            }
        }

        /**
         * Every execution's status, by id, read with plain JDBC. For H2 call it only when no child runs: the
         * test JVM then opens the file itself and must not serve it to a child.
         */
        Map<Long, String> statuses() {
            Map<Long, String> statuses = new TreeMap<>();
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT JOB_EXECUTION_ID, STATUS FROM BATCH_JOB_EXECUTION"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getLong(1), rs.getString(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read " + jdbcUrl, e);
            }
            return statuses;
        }

        /** Waits (polling every 100 ms) until {@code step} of the child's execution has {@code min} commits. */
        void awaitCommits(BotbuddyProcess child, long executionId, String step, long min) {
            long deadline = System.nanoTime() + BotbuddyProcess.TIMEOUT.toNanos();
            long seen = 0;
            while ((seen = commits(executionId, step)) < min) {
                if (!child.isAlive()) {
                    fail("the child ended before " + step + " of execution " + executionId + " had " + min
                            + " commits (" + name + ")\n" + child.output());
                }
                if (System.nanoTime() > deadline) {
                    fail(step + " of execution " + executionId + " had " + seen + " commits after "
                            + BotbuddyProcess.TIMEOUT + ", not " + min + " (" + name + (seen < 0 ? ": " + lastProblem : "")
                            + ")\n" + child.output());
                }
                BotbuddyProcess.sleep(100);
            }
        }
    }

    /** {@code export --sandbox ...} for one date and output folder; {@code extra} adds options. */
    static List<String> export(Repo repo, LocalDate date, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("export", "--sandbox", "--sandbox-chats", String.valueOf(CHATS),
                "--date", date.toString(), "--out", out.toString(), "--format", "csv", "--concurrency", "1",
                "--progress-interval", "1s"));
        args.addAll(repo.args());
        args.addAll(List.of(extra));
        return args;
    }

    /** The same export, every page answered {@code latencyMs} late, so it can be killed or stopped mid-fetch. */
    static List<String> slowExport(Repo repo, LocalDate date, Path out, int latencyMs) {
        return export(repo, date, out, "--sandbox-latency-ms", String.valueOf(latencyMs));
    }

    static List<String> command(Repo repo, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(repo.args());
        return all;
    }

    static Path reportFolder(Path out, LocalDate date) {
        return out.resolve("demo-customer").resolve("demo-bot").resolve(date.toString());
    }

    /** The reports and step counts of one uninterrupted export, made once per test JVM. */
    record Reference(Path folder, long leadPages, long nonLeadPages) {
    }

    private static CompletableFuture<Reference> reference;

    /** Starts the reference run in the background (once per test JVM), so it overlaps the first test's own runs. */
    static synchronized CompletableFuture<Reference> startReference() {
        if (reference == null) {
            reference = CompletableFuture.supplyAsync(ProcessTestSupport::runReference);
        }
        return reference;
    }

    static Reference reference() {
        try {
            return startReference().get(2 * BotbuddyProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new IllegalStateException("the reference run failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("the reference run did not finish", e);
        }
    }

    private static Reference runReference() {
        {
            try {
                Path dir = Files.createTempDirectory("botbuddy-reference");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                LocalDate date = LocalDate.of(2031, 1, 1);
                Result r = BotbuddyProcess.run(dir.resolve("logs"), "reference-export", Map.of(),
                        export(Repo.h2(dir.resolve("data")), date, dir.resolve("reports")));
                assertThat(r.exitCode()).as(r.output()).isZero();
                return new Reference(reportFolder(dir.resolve("reports"), date), stepReads(r.stdout(), "fetchLeads"),
                        stepReads(r.stdout(), "fetchNonLeads"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code read N} from the run log's {@code step NAME COMPLETED: read N, ...} line. */
    static long stepReads(String stdout, String step) {
        var m = java.util.regex.Pattern.compile("step " + step + " COMPLETED: read (\\d+)").matcher(stdout);
        if (!m.find()) {
            fail("no completed " + step + " step in:\n" + stdout);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * The reports of {@code folder} equal the reference run's ({@link #assertSameReports}; the reference writes
     * CSVs only, and is of another date: its workbook's Summary and run.json would say so).
     */
    static void assertSameCsvsAsReference(Path folder) throws IOException {
        assertSameReports(reference().folder(), folder);
    }

    /**
     * The one comparison of an export's reports with those of an uninterrupted run of the same export
     * (decisions.md, "Identical reports"): the five CSVs byte for byte; {@code report.xlsx}, where the
     * uninterrupted run wrote one, cell by cell on every sheet except the Summary's run facts
     * ({@link #RUN_FACTS}). (Not yet run.json: the shared {@link #reference()} is of another date than the runs the
     * crash and stop tests compare with it, which only the CSVs do not show.)
     */
    static void assertSameReports(Path expected, Path actual) throws IOException {
        for (String csv : CSVS) {
            Path file = actual.resolve(csv);
            assertThat(file).as("%s was written", file).isRegularFile();
            long mismatch = Files.mismatch(expected.resolve(csv), file);
            assertThat(mismatch).as("%s differs from the uninterrupted run's %s at byte %d", file,
                    expected.resolve(csv), mismatch).isEqualTo(-1L);
        }
        Path xlsx = actual.resolve(XLSX);
        if (Files.exists(expected.resolve(XLSX))) {
            assertThat(xlsx).as("%s was written", xlsx).isRegularFile();
            assertThat(cellDifferences(expected.resolve(XLSX), xlsx))
                    .as("cells of %s that differ from the uninterrupted run's %s", xlsx, expected.resolve(XLSX))
                    .isEmpty();
        } else {
            assertThat(xlsx).as("written although the uninterrupted run wrote none").doesNotExist();
        }
    }

    /**
     * Every cell of {@code actual} that differs from {@code expected}'s ({@code Sheet!B7: expected ..., was ...}),
     * at most 20 and then how many more; a sheet missing, extra or out of order is one entry. Compared: the cell's
     * type, value and number format; on Summary the value of a run fact is not.
     */
    static List<String> cellDifferences(Path expected, Path actual) throws IOException {
        List<String> differences = new ArrayList<>();
        int more = 0;
        try (XSSFWorkbook e = open(expected); XSSFWorkbook a = open(actual)) {
            List<String> expectedSheets = sheetNames(e);
            List<String> actualSheets = sheetNames(a);
            if (!expectedSheets.equals(actualSheets)) {
                differences.add("sheets: expected " + expectedSheets + ", was " + actualSheets);
            }
            for (String name : expectedSheets) {
                XSSFSheet es = e.getSheet(name);
                XSSFSheet as = a.getSheet(name);
                if (as == null) {
                    continue;
                }
                int rows = Math.max(es.getLastRowNum(), as.getLastRowNum());
                for (int r = 0; r <= rows; r++) {
                    Row er = es.getRow(r);
                    Row ar = as.getRow(r);
                    int cells = Math.max(er == null ? 0 : er.getLastCellNum(), ar == null ? 0 : ar.getLastCellNum());
                    boolean runFact = name.equals("Summary") && er != null
                            && RUN_FACTS.contains(describe(er.getCell(0)).replaceFirst("^text ", ""));
                    for (int c = 0; c < cells; c++) {
                        if (runFact && c == 1) {
                            continue;
                        }
                        String ev = describe(er == null ? null : er.getCell(c));
                        String av = describe(ar == null ? null : ar.getCell(c));
                        if (!ev.equals(av)) {
                            if (differences.size() < 20) {
                                differences.add(name + "!" + new CellReference(r, c).formatAsString()
                                        + ": expected " + ev + ", was " + av);
                            } else {
                                more++;
                            }
                        }
                    }
                }
            }
        }
        if (more > 0) {
            differences.add("... and " + more + " more");
        }
        return differences;
    }

    /** Read-only: {@code new XSSFWorkbook(File)} would write the file back on close. */
    private static XSSFWorkbook open(Path file) throws IOException {
        try {
            return new XSSFWorkbook(OPCPackage.open(file.toFile(), PackageAccess.READ));
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IOException("not a workbook: " + file, e);
        }
    }

    private static List<String> sheetNames(XSSFWorkbook workbook) {
        List<String> names = new ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));
        return names;
    }

    private static String describe(Cell cell) {
        if (cell == null) {
            return "blank";
        }
        return switch (cell.getCellType()) {
            case STRING -> "text " + cell.getStringCellValue();
            case NUMERIC -> "number " + cell.getNumericCellValue() + " [" + cell.getCellStyle().getDataFormatString()
                    + "]";
            case BOOLEAN -> "boolean " + cell.getBooleanCellValue();
            case FORMULA -> "formula " + cell.getCellFormula();
            case ERROR -> "error " + cell.getErrorCellValue();
            default -> "blank";
        };
    }

    /** {@code jobs --json [more]} as parsed JSON: the array of executions, newest first. */
    static JsonNode jobsJson(Path logDir, String label, Repo repo, String... more) {
        List<String> args = new ArrayList<>(List.of("jobs", "--json", "--last", "500"));
        args.addAll(List.of(more));
        args.addAll(repo.args());
        Result r = BotbuddyProcess.run(logDir, label, repo.env(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode array = JsonMapper.builder().build().readTree(r.stdout());
        assertThat(array.isArray()).as(r.output()).isTrue();
        return array;
    }

    static JsonNode execution(JsonNode jobs, long id) {
        for (JsonNode e : jobs) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        return fail("execution " + id + " is not in jobs --json:\n" + jobs);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
