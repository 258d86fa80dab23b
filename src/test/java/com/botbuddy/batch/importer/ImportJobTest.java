package com.botbuddy.batch.importer;

import static com.botbuddy.batch.importer.ImportTestSupport.BOT;
import static com.botbuddy.batch.importer.ImportTestSupport.CUSTOMER;
import static com.botbuddy.batch.importer.ImportTestSupport.csv;
import static com.botbuddy.batch.importer.ImportTestSupport.params;
import static com.botbuddy.batch.importer.ImportTestSupport.readCsv;
import static com.botbuddy.batch.importer.ImportTestSupport.rows;
import static com.botbuddy.batch.importer.ImportTestSupport.uuid;
import static com.botbuddy.batch.importer.ImportTestSupport.withMaxErrorRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import com.botbuddy.batch.BotBuddyApplication;
import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.client.ApiRejectedException;
import com.botbuddy.batch.client.ApiUnavailableException;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.ops.InvalidInputException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:importtest;DB_CLOSE_DELAY=-1",
        "spring.batch.jdbc.initialize-schema=always",
        ImportJobConfig.SEND_CHUNK_SIZE_PROPERTY + "=" + ImportJobTest.SEND_CHUNK_SIZE,
        "logging.level.com.botbuddy=WARN" })
@SpringBatchTest
@Import(ImportTestSupport.FakeApiConfig.class)
class ImportJobTest {
    /** The send chunk size these tests are written for (the rows and crash points below assume 100-row chunks). */
    static final int SEND_CHUNK_SIZE = 100;

    @Autowired
    JobOperatorTestUtils jobs;
    @Autowired
    @Qualifier("importJob")
    Job importJob;
    @Autowired
    JobOperator jobOperator;
    @Autowired
    RecordingInboxApi api;
    @Autowired
    ImportStaging staging;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        jobs.setJob(importJob);
        api.reset((n, u) -> { });
    }

    private Path out() {
        return dir.resolve("out");
    }

    /** The first failure of the execution, unwrapped to the exception our code threw (Batch wraps step failures). */
    static Throwable failure(JobExecution execution) {
        assertThat(execution.getAllFailureExceptions()).isNotEmpty();
        Throwable t = execution.getAllFailureExceptions().get(0);
        while (t.getCause() != null && t.getClass().getName().startsWith("org.springframework")) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void csvRowsAreSentWithApiSpellingsAndResultsListEveryRow() throws Exception {
        Path file = csv(dir, "edits.csv",
                "UUID;Status;Name;E-mail;Phone;Dial Code;Tags;Attributes;attr:plan",
                uuid(1) + ";In progress;Asha;asha@example.com;98765 43210;'+91;vip, call back;[];gold",
                "",
                uuid(2) + ";Dependency;;;+44 20 7946 0958;;;;",
                uuid(3) + ";;(clear);;;;(clear);;");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(api.calls()).isEqualTo(3);
        LeadUpdate first = api.applied(uuid(1));
        assertThat(first.status()).isEqualTo("INPROGRESS");
        assertThat(first.botId()).isEqualTo(BOT);
        assertThat(first.customerId()).isEqualTo(CUSTOMER);
        assertThat(first.phone()).isEqualTo("9876543210");
        assertThat(first.dialCode()).isEqualTo("+91");
        assertThat(first.tags()).containsExactly("vip", "call back");
        assertThat(first.attributes()).extracting(a -> a.key() + "=" + a.value()).containsExactly("plan=gold");
        LeadUpdate second = api.applied(uuid(2));
        assertThat(second.status()).isEqualTo("DEPENDANCY");
        assertThat(second.dialCode()).isEqualTo("+44");
        assertThat(second.phone()).isEqualTo("2079460958");
        assertThat(second.name()).isNull();
        LeadUpdate third = api.applied(uuid(3));
        assertThat(third.name()).isEmpty();
        assertThat(third.tags()).isEmpty();
        assertThat(third.status()).isNull();

        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results.get(0)).containsExactly("row", "uuid", "outcome", "http_status", "reason");
        assertThat(results).hasSize(4);
        assertThat(results.get(1)).containsExactly("2", uuid(1), "updated", "200", "");
        assertThat(results.get(2)[0]).isEqualTo("4");
        assertThat(results.get(3)[0]).isEqualTo("5");
        assertThat(out().resolve("rejected.csv")).doesNotExist();
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.READ)).isEqualTo(3);
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.UPDATED)).isEqualTo(3);
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.REJECTED)).isZero();
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.FAILED)).isZero();

        JsonNode summary = JsonMapper.builder().build().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("rowsRead").asLong()).isEqualTo(3);
        assertThat(summary.get("updated").asLong()).isEqualTo(3);
        assertThat(summary.get("inputFile").asString()).isEqualTo("edits.csv");
        assertThat(summary.get("inputSha256").asString()).isEqualTo(SpreadsheetInput.checkAndHash(file));
        assertThat(summary.has("durationMs")).isTrue();
        assertThat(staging.counts(execution.getJobInstanceId()).read()).as("staging dropped after completion").isZero();
    }

    @Test
    void unknownColumnsAreListedOnceAndExportColumnsIgnored() throws Exception {
        Path file = csv(dir, "edits.csv", "id,uuid,city,favourite colour,name", "x1," + uuid(1) + ",Pune,blue,Asha");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JsonNode summary = JsonMapper.builder().build().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("unknownColumns").toString()).isEqualTo("[\"favourite colour\"]");
        assertThat(summary.get("ignoredColumns").toString()).isEqualTo("[\"id\",\"city\"]");
    }

    @Test
    void dryRunSendsNothingAndWritesTheBodiesItWouldSend() throws Exception {
        Path file = rows(dir, "edits.csv", 3);

        JobExecution execution = jobs.startJob(params(file, out())
                .addJobParameter(ImportParameters.DRY_RUN, Boolean.TRUE, Boolean.class, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.calls()).isZero();
        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results.subList(1, results.size())).extracting(r -> r[2]).containsOnly("unchanged-dry-run");
        List<String> requests = Files.readAllLines(out().resolve("requests.jsonl"));
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0)).contains("\"uuid\":\"" + uuid(1) + "\"").contains("\"status\":\"OPEN\"")
                .doesNotContain("email");
    }

    @Test
    void apiRejectionMarksTheRowRejectedWithTheApiTextAndExitsWithRejections() throws Exception {
        Path file = rows(dir, "edits.csv", 3);
        api.reset((n, u) -> {
            if (u.uuid().equals(uuid(2))) {
                throw new ApiRejectedException(400, "{\"success\":false,\"message\":\"email already taken\"}");
            }
        });

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ImportJobConfig.EXIT_COMPLETED_WITH_REJECTIONS);
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.REJECTED)).isEqualTo(1);
        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results.get(2)).containsExactly("3", uuid(2), "rejected", "400",
                "API: {\"success\":false,\"message\":\"email already taken\"}");
        List<String[]> rejected = readCsv(out().resolve("rejected.csv"));
        assertThat(rejected.get(0)).containsExactly("uuid", "status", "name", "error");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(1)[0]).isEqualTo(uuid(2));
        assertThat(rejected.get(1)[3]).startsWith("row 3: API: ").contains("email already taken");
    }

    @Test
    void rateLimitedRunStillSendsEveryRowOnce() throws Exception {
        Path file = rows(dir, "edits.csv", 12);

        JobExecution execution = jobs.startJob(params(file, out()).addDouble(ImportParameters.RATE, 200.0, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.appliedCounts()).hasSize(12).allSatisfy((uuid, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void authFailureFailsTheJobAndNothingMoreIsSent() throws Exception {
        Path file = rows(dir, "edits.csv", 20);
        api.reset((n, u) -> {
            if (n >= 3) {
                throw new ApiAuthException(401, "token refused");
            }
        });

        JobExecution execution = jobs.startJob(params(file, out()).addLong(ImportParameters.CONCURRENCY, 1L, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(execution)).isInstanceOf(ApiAuthException.class);
        assertThat(api.calls()).isEqualTo(3);
        assertThat(readCsv(out().resolve("results.csv")).subList(1, 21)).extracting(r -> r[2]).containsOnly("not-sent");
    }

    @Test
    void authFailureWithParallelRequestsStopsStartingNewOnes() throws Exception {
        Path file = rows(dir, "edits.csv", 100);
        api.reset((n, u) -> {
            throw new ApiAuthException(403, "forbidden");
        });

        JobExecution execution = jobs.startJob(params(file, out()).addLong(ImportParameters.CONCURRENCY, 4L, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(api.calls()).isLessThanOrEqualTo(4);
    }

    @Test
    void retriesExhaustedRowIsFailedAndListedInTheRejectedFile() throws Exception {
        Path file = rows(dir, "edits.csv", 3);
        api.reset((n, u) -> {
            if (u.uuid().equals(uuid(3))) {
                throw new ApiUnavailableException(503, "503 after 5 attempts", null);
            }
        });

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ImportJobConfig.EXIT_COMPLETED_WITH_REJECTIONS);
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.FAILED)).isEqualTo(1);
        assertThat(readCsv(out().resolve("results.csv")).get(3)).containsExactly("4", uuid(3), "failed", "503",
                "API unavailable: 503 after 5 attempts");
        assertThat(readCsv(out().resolve("rejected.csv")).get(1)[0]).isEqualTo(uuid(3));
    }

    @Test
    void invalidShareAboveMaxErrorRateFailsBeforeSendingAnything() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,email", uuid(1) + ",a@b.co", uuid(2) + ",not-an-email", "zzz,x@y.io");

        JobExecution execution = jobs.startJob(withMaxErrorRate(params(file, out()), 0.5));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(execution)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 of 3 rows (66.7%) are invalid").hasMessageContaining("50.0%");
        assertThat(api.calls()).isZero();
        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results.subList(1, 4)).extracting(r -> r[2]).containsExactly("not-sent", "rejected", "rejected");
        assertThat(readCsv(out().resolve("rejected.csv"))).hasSize(3);
    }

    @Test
    void invalidShareWithinMaxErrorRateSendsTheValidRows() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,email", uuid(1) + ",a@b.co", uuid(2) + ",not-an-email", uuid(3) + ",x@y.io");

        JobExecution execution = jobs.startJob(withMaxErrorRate(params(file, out()), 0.5));

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.calls()).isEqualTo(2);
        assertThat(readCsv(out().resolve("results.csv")).get(2)[4]).contains("email 'not-an-email' is not an email address");
    }

    /**
     * 300 rows that the API rejects every one of, at a --max-error-rate of 10%. (Parameters, not the execution:
     * Spring Batch Test takes a test class's methods returning a JobExecution for its own factories.)
     */
    private JobParameters importRejectedByTheApi() throws Exception {
        Path file = rows(dir, "edits.csv", 300);
        api.reset((n, u) -> {
            throw new ApiRejectedException(400, "no such lead");
        });
        return withMaxErrorRate(params(file, out()), 0.1);
    }

    @Test
    void apiErrorRateAboveMaxDuringSendingStopsTheJob() throws Exception {
        JobExecution execution = jobs.startJob(importRejectedByTheApi());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(execution)).isInstanceOf(ImportStoppedException.class)
                .hasMessageContaining("100 of the 100 rows sent");
        assertThat(api.calls()).isEqualTo(SEND_CHUNK_SIZE);
    }

    @Test
    void summaryOfARunStoppedWhileSendingGivesTheReasonNotTheChunkWrapper() throws Exception {
        JobExecution execution = jobs.startJob(importRejectedByTheApi());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        JsonNode summary = JsonMapper.builder().build().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("status").asString()).isEqualTo("FAILED");
        assertThat(summary.get("message").asString()).startsWith("stopped sending: 100 of the 100 rows sent");
    }

    @Test
    void summaryOfARunWhoseTokenWasRefusedNamesTheToken() throws Exception {
        Path file = rows(dir, "edits.csv", 3);
        api.reset((n, u) -> {
            throw new ApiAuthException(401, "the API refused the write token sent as x-bp-token");
        });

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        JsonNode summary = JsonMapper.builder().build().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("message").asString()).contains("x-bp-token").doesNotContain("Unable to process chunk");
    }

    @Test
    void duplicateUuidIsRejectedNamingTheFirstRow() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,name", uuid(1) + ",A", uuid(2) + ",B", "", uuid(1).toUpperCase() + ",C");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.calls()).isEqualTo(2);
        assertThat(api.applied(uuid(1)).name()).isEqualTo("A");
        assertThat(readCsv(out().resolve("results.csv")).get(3)).containsExactly("5", uuid(1), "rejected", "",
                "duplicate uuid: first seen on row 2");
    }

    @Test
    void duplicateUuidAcrossValidationChunksStillNamesTheFirstRow() throws Exception {
        Path file = rows(dir, "edits.csv", ImportJobConfig.VALIDATE_CHUNK_SIZE + 10);
        Files.writeString(file, uuid(7) + ",open,again\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results.get(results.size() - 1)[4]).isEqualTo("duplicate uuid: first seen on row 8");
    }

    @Test
    void sameParametersAfterCompletionAreAlreadyComplete() throws Exception {
        Path file = rows(dir, "edits.csv", 2);
        JobParameters params = params(file, out()).toJobParameters();
        assertThat(jobs.startJob(params).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThatThrownBy(() -> jobs.startJob(params)).isInstanceOf(JobInstanceAlreadyCompleteException.class);
        assertThat(api.calls()).isEqualTo(2);
    }

    @Test
    void restartAfterOutageSendsEveryRowExactlyOnceAndEndsAllUpdated() throws Exception {
        Path file = rows(dir, "edits.csv", 350);
        // the outage starts with the 151st call: decided by call number alone, as calls run concurrently (a shared
        // "outage began" flag once failed a call numbered below 151 that was still in flight)
        api.reset((n, u) -> {
            if (n > 150) {
                throw new ApiUnavailableException(503, "503 after 5 attempts", null);
            }
        });
        JobExecution first = jobs.startJob(withMaxErrorRate(params(file, out()), 0.1));
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(first)).isInstanceOf(ImportStoppedException.class);
        assertThat(api.appliedCounts()).hasSize(150);

        api.behave((n, u) -> { });
        JobExecution second = jobOperator.restart(first);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        Map<String, Integer> applied = api.appliedCounts();
        assertThat(applied).hasSize(350);
        assertThat(applied.values()).containsOnly(1);
        List<String[]> results = readCsv(out().resolve("results.csv"));
        assertThat(results).hasSize(351);
        assertThat(results.subList(1, 351)).extracting(r -> r[2]).containsOnly("updated");
        assertThat(results.subList(1, 351)).extracting(r -> r[0]).doesNotHaveDuplicates();
    }

    @Test
    void restartAfterCrashResendsAtMostTheUncommittedChunk() throws Exception {
        Path file = rows(dir, "edits.csv", 350);
        api.reset((n, u) -> {
            if (n == 150) {
                throw new IllegalStateException("simulated crash in the middle of a chunk");
            }
        });
        JobExecution first = jobs.startJob(params(file, out()).addLong(ImportParameters.CONCURRENCY, 1L, false).toJobParameters());
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);

        api.behave((n, u) -> { });
        JobExecution second = jobOperator.restart(first);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, Integer> applied = api.appliedCounts();
        assertThat(applied).hasSize(350);
        long twice = applied.values().stream().filter(c -> c > 1).count();
        assertThat(applied.values()).allMatch(c -> c <= 2);
        assertThat(twice).isLessThanOrEqualTo(SEND_CHUNK_SIZE);
        for (int i = 1; i <= 100; i++) {
            assertThat(applied.get(uuid(i))).as("row of the committed first chunk").isEqualTo(1);
        }
        assertThat(readCsv(out().resolve("results.csv"))).hasSize(351);
    }

    @Test
    void restartRefusesAChangedFile() throws Exception {
        Path file = rows(dir, "edits.csv", 150);
        api.reset((n, u) -> {
            if (n > 100) {
                throw new IllegalStateException("simulated crash");
            }
        });
        JobExecution first = jobs.startJob(params(file, out()).toJobParameters());
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        Files.writeString(file, uuid(999) + ",open,late edit\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        api.behave((n, u) -> { });
        int callsBeforeRestart = api.calls(); // 101 or a few more: requests already in flight when one failed

        JobExecution second = jobOperator.restart(first);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(second)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("input file changed since the failed run").hasMessageContaining("new import");
        assertThat(api.calls()).as("nothing sent by the refused restart").isEqualTo(callsBeforeRestart);
    }

    @Test
    void headerOnlyFileFailsWithNoDataRows() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,name");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(execution)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no data rows");
    }

    @Test
    void fileWithoutUuidColumnFailsClearly() throws Exception {
        Path file = csv(dir, "edits.csv", "name,email", "A,a@b.co");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(failure(execution)).isInstanceOf(InvalidInputException.class).hasMessageContaining("no 'uuid' column");
    }

    @Test
    void missingBotIdWithoutColumnFailsClearly() throws Exception {
        Path file = rows(dir, "edits.csv", 1);

        JobExecution execution = jobs.startJob(params(file, out()).addString(ImportParameters.BOT_ID, "").toJobParameters());

        assertThat(failure(execution)).isInstanceOf(InvalidInputException.class).hasMessageContaining("--bot-id");
    }

    @Test
    void botIdFromTheRowIsUsedWhenNoOptionIsGiven() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,bot_id,customerId", uuid(1) + ",b9,c9");

        JobExecution execution = jobs.startJob(params(file, out()).addString(ImportParameters.BOT_ID, "")
                .addString(ImportParameters.CUSTOMER_ID, "").toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.applied(uuid(1)).botId()).isEqualTo("b9");
        assertThat(api.applied(uuid(1)).customerId()).isEqualTo("c9");
    }

    @Test
    void xlsxInputWritesRejectedXlsx() throws Exception {
        Path file = XlsxFixtures.workbook(dir.resolve("edits.xlsx"), "Chats",
                new Object[] { "uuid", "status", "phone" },
                new Object[] { uuid(1), "On hold", 9876543210d },
                new Object[] { uuid(2), "sleeping", "" });

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.applied(uuid(1)).phone()).isEqualTo("9876543210");
        assertThat(api.applied(uuid(1)).status()).isEqualTo("ONHOLD");
        assertThat(out().resolve("rejected.xlsx")).exists();
        assertThat(out().resolve("rejected.csv")).doesNotExist();
        List<List<String>> rejected = XlsxFixtures.read(out().resolve("rejected.xlsx"));
        assertThat(rejected.get(0)).containsExactly("uuid", "status", "phone", "error");
        assertThat(rejected.get(1).get(0)).isEqualTo(uuid(2));
        assertThat(rejected.get(1).get(3)).contains("status 'sleeping' is not allowed").contains("DEPENDANCY");
    }

    // without a read token (this context has none): no live read

    @Test
    void rowsCarryingUpdatedAtWithoutAReadTokenFailBeforeAnythingIsSentNamingTheToken() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,name,updated_at", uuid(1) + ",Ann,2026-03-01T10:15:30.123Z",
                uuid(2) + ",Bob,");

        JobExecution execution = jobs.startJob(params(file, out()).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failure(execution)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 row(s) carry updated_at").hasMessageContaining("BOTBUDDY_BOT_TOKEN")
                .hasMessageContaining("--overwrite-newer");
        assertThat(api.calls()).isZero();
    }

    @Test
    void overwriteNewerSendsRowsCarryingUpdatedAtWithoutReadingTheLiveChats() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,name,updated_at", uuid(1) + ",Ann,2026-03-01T10:15:30.123Z");

        JobExecution execution = jobs.startJob(params(file, out())
                .addString(ImportParameters.OVERWRITE_NEWER, "true").toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.applied(uuid(1)).name()).isEqualTo("Ann");
        JsonNode summary = new JsonMapper().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("liveRead").asBoolean()).isFalse();
        assertThat(summary.get("undoUnknown").asLong()).isEqualTo(1);
        assertThat(summary.get("undoNote").asString()).contains("the live chats were not read");
        assertThat(out().resolve(ImportReportWriter.UNDO_CSV)).doesNotExist();
    }

    @Test
    void dryRunWithoutAReadTokenListsWhatEachRowWouldSetWithTheValueNowUnknown() throws Exception {
        Path file = csv(dir, "edits.csv", "uuid,status,name,updated_at", uuid(1) + ",closed,(clear),2026-03-01T10:15:30Z");

        JobExecution execution = jobs.startJob(params(file, out())
                .addJobParameter(ImportParameters.DRY_RUN, Boolean.TRUE, Boolean.class, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(api.calls()).isZero();
        assertThat(readCsv(out().resolve(ImportReportWriter.CHANGES))).extracting(r -> String.join("|", r)).containsExactly(
                "row|uuid|field|now|new",
                "2|" + uuid(1) + "|status|" + ImportReportWriter.UNKNOWN + "|CLOSED",
                "2|" + uuid(1) + "|name|" + ImportReportWriter.UNKNOWN + "|(clear)");
        JsonNode summary = new JsonMapper().readTree(out().resolve("summary.json").toFile());
        assertThat(summary.get("liveNote").asString()).contains("the rows' updated_at were not checked");
    }
}
