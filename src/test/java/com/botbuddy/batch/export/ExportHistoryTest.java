package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.botbuddy.batch.BotBuddyApplication;
import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.RunResult;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

/**
 * The export job and the lead history: tonight's leads recorded before the report, so that its figures over time
 * include tonight; a lead-only export recording nothing; a restart recording nothing twice and writing the same
 * history files. Each test exports a (bot, customer) pair of its own, which the sandbox serves chats of its own.
 */
@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:export-history-test;DB_CLOSE_DELAY=-1",
        "botbuddy.api.retry-attempts=1",
        "botbuddy.export.pages-per-commit=4",
        "botbuddy.quiet=true" })
class ExportHistoryTest {
    static final SandboxServer SANDBOX = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(400)
            .withPageSize(50));
    static final List<String> HISTORY_CSVS = List.of("history-status-time.csv", "history-transitions.csv",
            "history-aging.csv", "history-funnel.csv");

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
    JobRunner runner;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    @Qualifier("exportJob")
    Job exportJob;

    @Autowired
    javax.sql.DataSource dataSource;

    @TempDir
    Path out;

    ExportParameters params(String bot, LocalDate date, String type, Path folder) {
        return new ExportParameters(bot, SANDBOX.settings().customerId(), type, date, folder, "csv,xlsx,html",
                ZoneId.of("UTC"), 2, 1, 1000, "", 30);
    }

    JobExecution export(ExportParameters p) {
        RunResult result = runner.launch(exportJob, p.toJobParameters(), true);
        return result.execution();
    }

    long count(String sql, Object... args) {
        Long n = new JdbcTemplate(dataSource).queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    static String csv(Path folder, String name) throws Exception {
        return Files.readString(folder.resolve(name));
    }

    @Test
    void tonightsLeadsAreInTheHistoryFiguresAndTomorrowsChangesAreTransitions() throws Exception {
        String bot = "history-bot-1";
        SandboxData data = SANDBOX.data(bot, SANDBOX.settings().customerId());
        LocalDate first = LocalDate.of(2031, 5, 1);
        ExportParameters p1 = params(bot, first, "all", out);
        assertThat(export(p1).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        List<String> funnel = Files.readAllLines(p1.reportFolder().resolve("funnel.csv"));
        String stages = funnel.subList(2, 6).stream().map(line -> line.split(",")[1]).reduce((a, b) -> a + "," + b)
                .orElseThrow();
        assertThat(csv(p1.reportFolder(), "history-funnel.csv")).as("tonight, with the funnel's own counts")
                .isEqualTo("export_date,leads,contactable,worked,closed\r\n" + first + "," + stages + "\r\n");
        assertThat(csv(p1.reportFolder(), "history-transitions.csv")).as("nothing changed yet")
                .isEqualTo("from_status,to_status,count,window_start,window_end\r\n");

        // three days on, some leads that are not closed are closed
        Map<String, Long> closing = new HashMap<>();
        int changed = 0;
        for (int i : data.leadIndices()) {
            Chat lead = data.chat(i);
            if (changed < 7 && !"CLOSED".equals(lead.status()) && lead.status() != null) {
                data.apply(new LeadUpdate(data.uuid(i), bot, SANDBOX.settings().customerId(), null, "CLOSED", null,
                        null, null, null, null, null, null, null));
                closing.merge(lead.status() + ",CLOSED", 1L, Long::sum);
                changed++;
            }
        }
        try {
            LocalDate second = first.plusDays(3);
            ExportParameters p2 = params(bot, second, "all", out);
            assertThat(export(p2).getStatus()).isEqualTo(BatchStatus.COMPLETED);
            List<String> transitions = Files.readAllLines(p2.reportFolder().resolve("history-transitions.csv"));
            Map<String, Long> counted = new HashMap<>();
            for (String line : transitions.subList(1, transitions.size())) {
                String[] cells = line.split(",");
                counted.put(cells[0] + "," + cells[1], Long.parseLong(cells[2]));
            }
            assertThat(counted).isEqualTo(closing);
            assertThat(Files.readAllLines(p2.reportFolder().resolve("history-funnel.csv"))).hasSize(3);
            assertThat(count("SELECT COUNT(*) FROM BB_LEAD_HISTORY WHERE BOT_ID = ?", bot))
                    .as("one row per lead, and one more per lead that changed").isEqualTo(data.leadCount() + 7L);
        } finally {
            data.resetUpdates();
        }
    }

    @Test
    void anExportOfOneListingRecordsNoHistory() throws Exception {
        String bot = "history-bot-2";
        ExportParameters p = params(bot, LocalDate.of(2031, 6, 1), "lead", out);
        JobExecution run = export(p);
        assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT COUNT(*) FROM BB_LEAD_HISTORY_EXPORT WHERE BOT_ID = ?", bot)).isZero();
        StepExecution step = run.getStepExecutions().stream().filter(s -> s.getStepName().equals("recordHistory"))
                .findFirst().orElseThrow();
        assertThat(step.getExecutionContext().getString(RecordHistoryTasklet.OUTCOME)).isEqualTo("not recorded (--type lead)");
        assertThat(csv(p.reportFolder(), "history-funnel.csv")).isEqualTo("export_date,leads,contactable,worked,closed\r\n");
        assertThat(csv(p.reportFolder(), "report.html")).contains("No lead history yet");
    }

    @Test
    void aRestartAfterTheReportFailedRecordsNothingTwiceAndWritesTheSameHistoryFiles() throws Exception {
        String bot = "history-bot-3";
        LocalDate date = LocalDate.of(2031, 7, 1);
        ExportParameters straight = params(bot, date, "all", out.resolve("straight"));
        assertThat(export(straight).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        long rows = count("SELECT COUNT(*) FROM BB_LEAD_HISTORY WHERE BOT_ID = ?", bot);

        // the same day exported again (run 2, which replaces the date), its report failing: a file in its way
        ExportParameters again = params(bot, date, "all", out.resolve("again"));
        Files.createDirectories(again.reportFolder().getParent());
        Files.writeString(again.reportFolder(), "in the way");
        JobExecution failed = export(again);
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getStepExecutions()).filteredOn(s -> s.getStepName().equals("recordHistory"))
                .extracting(StepExecution::getStatus).containsExactly(BatchStatus.COMPLETED);
        Files.delete(again.reportFolder());

        JobExecution restarted = jobOperator.restart(failed);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT COUNT(*) FROM BB_LEAD_HISTORY WHERE BOT_ID = ?", bot)).isEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM BB_LEAD_HISTORY_EXPORT WHERE BOT_ID = ?", bot)).isEqualTo(1);
        for (String name : HISTORY_CSVS) {
            assertThat(Files.readAllBytes(again.reportFolder().resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(straight.reportFolder().resolve(name)));
        }
    }
}
