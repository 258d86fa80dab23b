package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.botbuddy.batch.BotBuddyApplication;
import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.opencsv.CSVReader;

/**
 * The export job end to end against the sandbox: every page read, staged, reported; the figures checked
 * against numbers computed here, straight from the sandbox's own data.
 */
@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:export-job-test;DB_CLOSE_DELAY=-1",
        "botbuddy.api.retry-attempts=1",
        "botbuddy.export.pages-per-commit=4",
        "botbuddy.api.retry-initial-delay=5ms",
        "botbuddy.quiet=true" })
@SpringBatchTest
class ExportJobTest {
    static final SandboxServer SANDBOX = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(2000)
            .withPageSize(50));

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("botbuddy.api.base-url", SANDBOX::baseUrl);
        registry.add("BOTBUDDY_BOT_TOKEN", () -> SANDBOX.settings().botToken());
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @Autowired
    JobOperatorTestUtils jobs;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    @Qualifier("exportJob")
    Job exportJob;

    @Autowired
    StagedChats staged;

    @Autowired
    StaleStaging staleStaging;

    @Autowired
    org.springframework.batch.core.repository.JobRepository jobRepository;

    @Autowired
    com.botbuddy.batch.ops.JobRunner runner;

    @Autowired
    javax.sql.DataSource dataSource;

    @TempDir
    Path out;

    static final AtomicInteger DAY = new AtomicInteger();

    @BeforeEach
    void setUp() {
        jobs.setJob(exportJob);
        SANDBOX.setOutage(false);
        SANDBOX.stats().reset();
    }

    /** Takes the sandbox down once it has answered {@code listings} listing requests. */
    static Thread outageAfter(int listings) {
        Thread outage = new Thread(() -> {
            while (SANDBOX.stats().requests("listing") < listings) {
                Thread.onSpinWait();
            }
            SANDBOX.setOutage(true);
        });
        outage.start();
        return outage;
    }

    /** Each test gets its own job instance (a distinct run date). */
    ExportParameters params(int concurrency, String type) {
        return new ExportParameters(SANDBOX.settings().botId(), SANDBOX.settings().customerId(), type,
                LocalDate.of(2030, 1, 1).plusDays(DAY.incrementAndGet()), out, "csv,xlsx", ZoneId.of("UTC"),
                concurrency, 1, 1000, "");
    }

    @Test
    void funnelAndEveryCsvMatchFiguresComputedFromTheSandboxData() throws Exception {
        ExportParameters p = params(4, "all");
        JobExecution execution = jobs.startJob(p.toJobParameters());
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Path folder = p.reportFolder();

        List<Chat> all = SANDBOX.data().chats().toList();
        long leads = 0, contactable = 0, worked = 0, closed = 0;
        Map<String, Long> status = new HashMap<>();
        Map<String, long[]> agents = new TreeMap<>();
        TreeMap<LocalDate, long[]> daily = new TreeMap<>();
        for (int i = 0; i < SANDBOX.data().size(); i++) {
            Chat c = SANDBOX.data().chat(i);
            boolean lead = SANDBOX.data().isLead(i);
            LocalDate day = java.time.Instant.parse(c.createdAt()).atZone(ZoneOffset.UTC).toLocalDate();
            long[] d = daily.computeIfAbsent(day, k -> new long[3]);
            d[0]++;
            if (!lead) {
                continue;
            }
            d[1]++;
            leads++;
            status.merge(c.status(), 1L, Long::sum);
            boolean hasContact = notBlank(c.contact().email()) || notBlank(c.phone().number());
            boolean isWorked = !"OPEN".equals(c.status());
            boolean isClosed = "CLOSED".equals(c.status());
            if (isClosed) {
                d[2]++;
            }
            if (hasContact) {
                contactable++;
                worked += isWorked ? 1 : 0;
                closed += isClosed ? 1 : 0;
            }
            long[] a = agents.computeIfAbsent(c.agentAssigned() == null ? "(unassigned)" : c.agentAssigned(),
                    k -> new long[3]);
            a[0]++;
            a[1] += isWorked ? 1 : 0;
            a[2] += isClosed ? 1 : 0;
        }

        List<String[]> funnel = csv(folder.resolve("funnel.csv"));
        assertThat(funnel.get(0)).containsExactly("stage", "count", "pct_of_previous", "pct_of_first");
        assertThat(funnel.subList(1, 6)).extracting(r -> r[0] + "=" + r[1]).containsExactly(
                "conversations=" + all.size(), "leads=" + leads, "contactable=" + contactable, "worked=" + worked,
                "closed=" + closed);
        assertThat(funnel.get(2)[2]).isEqualTo(pct(leads, all.size()));
        assertThat(funnel.get(5)[3]).isEqualTo(pct(closed, all.size()));

        List<String[]> statusRows = csv(folder.resolve("status.csv"));
        assertThat(statusRows).hasSize(7);
        for (LeadStatus s : LeadStatus.values()) {
            assertThat(statusRows).anySatisfy(r -> assertThat(r).containsExactly(s.name(),
                    String.valueOf(status.getOrDefault(s.name(), 0L))));
        }

        List<String[]> agentRows = csv(folder.resolve("agents.csv"));
        assertThat(agentRows).hasSize(agents.size() + 1);
        for (String[] r : agentRows.subList(1, agentRows.size())) {
            long[] expected = agents.get(r[0]);
            assertThat(expected).as("agent %s", r[0]).isNotNull();
            assertThat(new long[] { Long.parseLong(r[1]), Long.parseLong(r[2]), Long.parseLong(r[3]) })
                    .containsExactly(expected);
        }

        List<String[]> dailyRows = csv(folder.resolve("daily.csv"));
        long days = java.time.temporal.ChronoUnit.DAYS.between(daily.firstKey(), daily.lastKey()) + 1;
        assertThat(dailyRows).hasSize((int) days + 1);
        for (String[] r : dailyRows.subList(1, dailyRows.size())) {
            long[] expected = daily.getOrDefault(LocalDate.parse(r[0]), new long[3]);
            assertThat(new long[] { Long.parseLong(r[1]), Long.parseLong(r[2]), Long.parseLong(r[3]) })
                    .as("day %s", r[0]).containsExactly(expected);
        }

        List<String[]> chats = csv(folder.resolve("chats.csv"));
        assertThat(chats).hasSize(all.size() + 1);
        Set<String> ids = new HashSet<>();
        for (String[] r : chats.subList(1, chats.size())) {
            ids.add(r[0]);
        }
        assertThat(ids).hasSize(all.size());
        assertThat(ids).containsAll(all.stream().map(Chat::id).toList());
        assertThat(folder.resolve("report.xlsx")).exists();
        assertThat(Files.readString(folder.resolve("run.json"))).contains("\"pagesRead\" : "
                + (SANDBOX.data().pageCount(ChatType.LEAD) + SANDBOX.data().pageCount(ChatType.NON_LEAD)));
    }

    @Test
    void readingStopsAtTheFirstEmptyPage() throws Exception {
        ExportParameters p = params(1, "lead");
        JobExecution execution = jobs.startJob(p.toJobParameters());
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        int pages = SANDBOX.data().pageCount(ChatType.LEAD);
        // every data page once, plus the one empty page that ends the listing; nothing past it, no non-leads
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).keySet())
                .containsExactlyElementsOf(range(1, pages + 1));
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).values()).allMatch(n -> n == 1L);
        assertThat(SANDBOX.stats().pagesRequested(ChatType.NON_LEAD)).isEmpty();
    }

    @Test
    void aWindowOfConcurrentRequestsStillStopsWithinTheWindowPastTheEnd() throws Exception {
        ExportParameters p = params(4, "non-lead");
        assertThat(jobs.startJob(p.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        int pages = SANDBOX.data().pageCount(ChatType.NON_LEAD);
        // the empty page ends it; what was queued ahead (twice the concurrency) may already have gone out
        assertThat(SANDBOX.stats().pagesRequested(ChatType.NON_LEAD).lastKey()).isBetween((long) pages + 1,
                (long) pages + 2 * 4);
    }

    @Test
    void maxPagesStopsARunawayListingWithAClearMessage() throws Exception {
        ExportParameters base = params(2, "lead");
        ExportParameters p = new ExportParameters(base.botId(), base.customerId(), "lead", base.date(), out,
                "csv", base.zone(), 2, 1, 5, "");
        JobExecution execution = jobs.startJob(p.toJobParameters());
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(execution.getAllFailureExceptions()).anySatisfy(e -> assertThat(rootCause(e))
                .isInstanceOf(ListingLoopException.class).hasMessageContaining("more than 5 pages"));
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).lastKey()).isEqualTo(6L);
    }

    @Test
    void restartAfterAnOutageMidFetchRereadsOnlyUncommittedPagesAndGivesIdenticalCsvs() throws Exception {
        ExportParameters straight = params(1, "all");
        assertThat(jobs.startJob(straight.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ExportParameters interrupted = params(1, "all");
        SANDBOX.stats().reset();
        Thread outage = outageAfter(10);
        JobExecution failed = jobs.startJob(interrupted.toJobParameters());
        outage.join();
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution fetch = failed.getStepExecutions().stream()
                .filter(s -> s.getStepName().equals("fetchLeads")).findFirst().orElseThrow();
        int nextPage = fetch.getExecutionContext().getInt(ChatPageReader.NEXT_PAGE);
        assertThat(nextPage).as("some pages committed before the outage").isGreaterThan(1);
        assertThat(interrupted.reportFolder().resolve("chats.csv")).doesNotExist();

        SANDBOX.setOutage(false);
        SANDBOX.stats().reset();
        JobExecution resumed = jobOperator.restart(failed);
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).firstKey()).isEqualTo((long) nextPage);
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).values()).allMatch(n -> n == 1L);

        for (String file : List.of("chats.csv", "funnel.csv", "status.csv", "agents.csv", "daily.csv")) {
            assertThat(Files.readAllBytes(interrupted.reportFolder().resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(straight.reportFolder().resolve(file)));
        }
    }

    @Test
    void anExportAnOlderBuildLeftFailedMidFetchIsRestartedByClearingItsStagingAndReadingEveryPage() throws Exception {
        ExportParameters straight = params(1, "all");
        assertThat(jobs.startJob(straight.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ExportParameters interrupted = params(1, "all");
        SANDBOX.stats().reset();
        Thread outage = outageAfter(10);
        JobExecution failed = jobs.startJob(interrupted.toJobParameters());
        outage.join();
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(staged.lastStagedPage(StagingKey.of(failed.getJobInstance().getInstanceId()), ChatType.LEAD))
                .as("some pages committed before the outage").isNotNull();
        leftByAnOlderBuild(failed);

        SANDBOX.setOutage(false);
        SANDBOX.stats().reset();
        JobExecution restarted = jobOperator.restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        int leadPages = SANDBOX.data().pageCount(ChatType.LEAD);
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).keySet()).as("every page read again, once")
                .containsExactlyElementsOf(range(1, leadPages + 1));
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).values()).allMatch(n -> n == 1L);
        assertSameCsvs(interrupted, straight);
    }

    @Test
    void anExportAnOlderBuildLeftFailedInItsReportIsRestartedByReadingEveryPageAgain() throws Exception {
        ExportParameters straight = params(1, "all");
        assertThat(jobs.startJob(straight.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ExportParameters p = params(1, "all");
        JobExecution failed = jobRepository.getJobExecution(failInTheReport(p));
        leftByAnOlderBuild(failed);

        SANDBOX.stats().reset();
        JobExecution restarted = jobOperator.restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName)
                .containsExactly("fetchLeads", "fetchNonLeads", "report", "clearStaging");
        assertThat(SANDBOX.stats().pagesRequested(ChatType.LEAD).keySet())
                .containsExactlyElementsOf(range(1, SANDBOX.data().pageCount(ChatType.LEAD) + 1));
        assertThat(SANDBOX.stats().pagesRequested(ChatType.NON_LEAD).keySet())
                .containsExactlyElementsOf(range(1, SANDBOX.data().pageCount(ChatType.NON_LEAD) + 1));
        assertSameCsvs(p, straight);
    }

    @Test
    void anExportThisBuildLeftFailedInItsReportIsRestartedFromItsStagingWithoutReadingAPage() throws Exception {
        ExportParameters straight = params(1, "all");
        assertThat(jobs.startJob(straight.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        ExportParameters p = params(1, "all");
        JobExecution failed = jobRepository.getJobExecution(failInTheReport(p));

        SANDBOX.stats().reset();
        JobExecution restarted = jobOperator.restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getStepExecutions()).extracting(StepExecution::getStepName)
                .containsExactly("report", "clearStaging");
        assertThat(SANDBOX.stats().requests("listing")).isZero();
        assertSameCsvs(p, straight);
    }

    /**
     * Runs the export with a file where its report folder goes, so that every page is staged and the report
     * step fails; returns the execution's id (a method returning an execution would be taken for the scope's).
     */
    private long failInTheReport(ExportParameters p) throws Exception {
        Files.createDirectories(p.reportFolder().getParent());
        Files.writeString(p.reportFolder(), "in the way");
        JobExecution failed = jobs.startJob(p.toJobParameters());
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getStepExecutions()).filteredOn(s -> s.getStepName().startsWith("fetch"))
                .extracting(StepExecution::getStatus).containsOnly(BatchStatus.COMPLETED).hasSize(2);
        Files.delete(p.reportFolder());
        return failed.getId();
    }

    /**
     * Makes a failed execution look as an older build leaves one: the fetch steps' cursors name no staging
     * layout, and the staging holds a row in a layout this build does not read.
     */
    private void leftByAnOlderBuild(JobExecution failed) {
        for (StepExecution step : failed.getStepExecutions()) {
            if (step.getExecutionContext().remove(StagingLayoutCheck.KEY) != null) {
                jobRepository.updateExecutionContext(step);
            }
        }
        long instance = failed.getJobInstance().getInstanceId();
        long position = ListingPosition.of(ChatType.LEAD, 900, 0);
        byte[] listing = "{\"data\":[{\"_id\":\"older-build\"}]}".getBytes(StandardCharsets.UTF_8);
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO " + StagingTables.pages(StagingKey.of(instance)) + " (SEQ, CHAT_TYPE, CHATS, BODY)"
                + " VALUES (?, 'lead', 1, ?)", position, listing);
        jdbc.update("INSERT INTO " + StagingTables.keys(StagingKey.of(instance)) + " (SEQ, KEYS) VALUES (?, ?)", position,
                "[\"older-build\"]".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSameCsvs(ExportParameters actual, ExportParameters expected) throws IOException {
        for (String file : List.of("chats.csv", "funnel.csv", "status.csv", "agents.csv", "daily.csv")) {
            assertThat(Files.readAllBytes(actual.reportFolder().resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(expected.reportFolder().resolve(file)));
        }
    }

    @Test
    void stagingNoRunCanUseIsDroppedAndAFailedExportsOnlyAfterTheKeepPeriodWhenItIsAbandoned() throws Exception {
        ExportParameters p = params(1, "all");
        Thread outage = outageAfter(6);
        JobExecution failed = jobs.startJob(p.toJobParameters());
        outage.join();
        SANDBOX.setOutage(false);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long instance = failed.getJobInstance().getInstanceId();
        assertThat(staged.stagedInstances()).contains(instance);
        staged.stage(StagingKey.of(987_654_321L), List.of(ChatPage.of(ChatType.LEAD, 1, List.of()))); // no such instance

        List<String> now = staleStaging.purge(java.time.LocalDateTime.now());
        assertThat(now).anyMatch(line -> line.contains("instance 987654321") && line.contains("gone"));
        assertThat(staged.stagedInstances()).doesNotContain(987_654_321L).as("failed a moment ago: kept for a restart")
                .contains(instance);
        assertThat(jobRepository.getJobExecution(failed.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);

        List<String> later = staleStaging.purge(java.time.LocalDateTime.now().plusDays(8));
        assertThat(later).anyMatch(line -> line.contains("instance " + instance + " ") && line.contains("ABANDONED"));
        assertThat(staged.stagedInstances()).doesNotContain(instance);
        assertThat(jobRepository.getJobExecution(failed.getId()).getStatus()).isEqualTo(BatchStatus.ABANDONED);

        // the same export launched again cannot resume what lost its pages: it runs afresh, as run 2
        com.botbuddy.batch.ops.RunResult again = runner.launch(exportJob, p.toJobParameters(), true);
        assertThat(again.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(again.execution().getJobParameters().getLong(com.botbuddy.batch.ops.JobRunner.RUN_PARAMETER))
                .isEqualTo(2L);
        assertThat(csv(p.reportFolder().resolve("chats.csv"))).hasSize(1 + 2000);
    }

    @Test
    void formulaLikeVisitorTextStaysTextInBothFormats() throws Exception {
        ExportParameters p = params(4, "all");
        assertThat(jobs.startJob(p.toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String[]> chats = csv(p.reportFolder().resolve("chats.csv"));
        int formulaLike = 0;
        for (String[] row : chats.subList(1, chats.size())) {
            for (String cell : row) {
                if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                    throw new AssertionError("unguarded cell in chats.csv: " + cell);
                }
                formulaLike += cell.startsWith("'=") || cell.startsWith("'+") || cell.startsWith("'@") ? 1 : 0;
            }
        }
        assertThat(formulaLike).as("the sandbox serves hostile text, guarded in the CSV").isGreaterThan(10);

        try (OPCPackage pkg = OPCPackage.open(p.reportFolder().resolve("report.xlsx").toFile(), PackageAccess.READ);
                XSSFWorkbook wb = new XSSFWorkbook(pkg)) {
            int hostileTextCells = 0;
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                        if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().startsWith("=")) {
                            hostileTextCells++;
                        }
                    }
                }
            }
            assertThat(hostileTextCells).isGreaterThan(0);
            Sheet chatSheet = wb.getSheet("Chats");
            for (Row row : chatSheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.STRING) {
                        assertThat(cell.getStringCellValue().length()).isLessThanOrEqualTo(32_767);
                    }
                }
            }
        }
        // the 40,000-character note is kept whole in the CSV
        assertThat(chats.stream().anyMatch(r -> r[13].length() > 40_000)).isTrue();
    }

    @Test
    void unsafeIdsAreRefusedBeforeAnythingRuns() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExportParameters("../etc", "c", "all",
                LocalDate.now(), out, "csv", ZoneId.of("UTC"), 1, 1, 10, ""))
                .isInstanceOf(com.botbuddy.batch.ops.InvalidInputException.class)
                .hasMessageContaining("not a safe folder name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExportParameters("b", "a/b", "all",
                LocalDate.now(), out, "csv", ZoneId.of("UTC"), 1, 1, 10, ""))
                .isInstanceOf(com.botbuddy.batch.ops.InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExportParameters("b\n", "c", "all",
                LocalDate.now(), out, "csv", ZoneId.of("UTC"), 1, 1, 10, ""))
                .isInstanceOf(com.botbuddy.batch.ops.InvalidInputException.class);
    }

    static List<Long> range(long from, long toInclusive) {
        List<Long> r = new ArrayList<>();
        for (long i = from; i <= toInclusive; i++) {
            r.add(i);
        }
        return r;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    static String pct(long part, long whole) {
        return java.math.BigDecimal.valueOf(part * 100).divide(java.math.BigDecimal.valueOf(whole), 1,
                java.math.RoundingMode.HALF_UP).toPlainString();
    }

    static List<String[]> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVReader reader = new CSVReader(r)) {
            return reader.readAll();
        } catch (com.opencsv.exceptions.CsvException e) {
            throw new IOException(e);
        }
    }
}
