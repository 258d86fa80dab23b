package com.botbuddy.batch.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.importer.ImportColumns.Field;
import com.botbuddy.batch.importer.ImportStaging.Counts;
import com.botbuddy.batch.importer.ImportStaging.PendingRow;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.ProgressUnit;

/**
 * The {@code import} job: a spreadsheet of edits → one {@code PUT /inbox/direct/lead} per valid row → results.
 * <ol>
 * <li>{@code inspectInput} (every execution, restarts included): the file still has the SHA-256 the run was started
 *     with, is a readable .csv/.xlsx with a header naming a uuid column; the header goes into the job context.</li>
 * <li>{@code validateRows}: each data row is validated into an update body or a rejection and staged in
 *     {@link ImportStaging#TABLE} (duplicates of a uuid rejected, naming the first row). Restart resumes after the
 *     last committed chunk.</li>
 * <li>{@code checkErrorRate}: no data rows → invalid input; more invalid rows than {@code maxErrorRate} → invalid
 *     input before anything is sent (a dry run only reports it).</li>
 * <li>{@code readLive}: the live snapshot, when {@link LiveReadPlan} says so (rows carrying {@code updated_at}
 *     need it; otherwise it is read when a read token allows, for the undo file and the dry run's changes): the
 *     listing paged into {@link ImportStaging#LIVE_TABLE}, keeping the chats the file has rows for. Restart goes on
 *     after the last committed page; once complete, a restart uses it as it is.</li>
 * <li>{@code sendUpdates}: staged rows still to send, checked against the snapshot ({@code conflict} when the chat
 *     changed since the row's {@code updated_at}), the rest PUT in parallel chunk by chunk, outcomes committed with
 *     the chunk. Restart sends only the rows of uncommitted chunks (and rows that failed for unavailability).</li>
 * <li>{@code writeResults}: results.csv, rejected.csv/xlsx, undo.csv and undo.xlsx, summary.json (and requests.jsonl
 *     and changes.csv for a dry run), rebuilt whole from the staging and snapshot tables; counts into the job
 *     context.</li>
 * </ol>
 * Job context keys for the launcher: {@value #READ}, {@value #UPDATED}, {@value #REJECTED}, {@value #FAILED},
 * {@value #CONFLICTS}; exit code {@value #EXIT_COMPLETED_WITH_REJECTIONS} when rows were rejected, failed or in
 * conflict.
 */
@Configuration(proxyBeanMethods = false)
public class ImportJobConfig {
    public static final String JOB_NAME = "import";
    public static final int VALIDATE_CHUNK_SIZE = 500;
    /**
     * Default rows per sendUpdates chunk (property {@value #SEND_CHUNK_SIZE_PROPERTY}). A chunk's PUTs run in parallel
     * and the chunk ends with its slowest one, so each chunk leaves the pool partly idle for about one request's
     * latency; with {@code concurrency} 16, 500 rows are ~32 rounds of requests per such tail, 100 rows only ~7. A
     * chunk's outcomes commit together, so a crash re-sends at most one chunk.
     */
    public static final int DEFAULT_SEND_CHUNK_SIZE = 500;
    public static final String SEND_CHUNK_SIZE_PROPERTY = "botbuddy.import.send-chunk-size";
    /**
     * Staged rows the sendUpdates reader fetches per query (keyset page on the primary key, see
     * {@link ImportStaging#pending}). Read-ahead is safe: the reader keeps no position; a row is done only when its
     * chunk's outcomes are committed.
     */
    public static final int SEND_READ_PAGE_SIZE = 1000;
    /** Live pages per readLive chunk (one commit, one staging lookup). */
    public static final int LIVE_CHUNK_PAGES = 20;
    /** Live pages requested at once. */
    public static final int LIVE_WINDOW = 4;

    public static final String READ = "import.read";
    public static final String UPDATED = "import.updated";
    public static final String REJECTED = "import.rejected";
    public static final String FAILED = "import.failed";
    public static final String CONFLICTS = "import.conflicts";
    public static final String EXIT_COMPLETED_WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS";

    static final String HEADER = "import.header";
    static final String HEADER_ROW = "import.headerRow";
    static final String FORMAT = "import.format";
    static final String SHEET_NAME = "import.sheetName";
    static final String UNKNOWN_COLUMNS = "import.unknownColumns";
    static final String IGNORED_COLUMNS = "import.ignoredColumns";
    static final String ERROR_RATE_EXCEEDED = "import.errorRateExceeded";

    private static final Logger log = LoggerFactory.getLogger(ImportJobConfig.class);

    @Bean
    Job importJob(JobRepository jobRepository, Step importInspectInputStep, Step importValidateRowsStep,
            Step importCheckErrorRateStep, Step importReadLiveStep, Step importSendUpdatesStep,
            Step importWriteResultsStep, ImportJobListener importJobListener) {
        DefaultJobParametersValidator parameters = new DefaultJobParametersValidator(
                new String[] { ImportParameters.INPUT_FILE, ImportParameters.INPUT_SHA256, ImportParameters.OUT },
                new String[] { ImportParameters.BOT_ID, ImportParameters.CUSTOMER_ID, ImportParameters.RUN,
                        ImportParameters.SHEET, ImportParameters.DRY_RUN, ImportParameters.CONCURRENCY,
                        ImportParameters.RATE, ImportParameters.MAX_ERROR_RATE, ImportParameters.OVERWRITE_NEWER,
                        ExportParameters.SANDBOX /* the command line's sandbox, for restart */ });
        return new JobBuilder(JOB_NAME, jobRepository)
                .validator(parameters)
                .listener(importJobListener)
                .start(importInspectInputStep)
                .next(importValidateRowsStep)
                .next(importCheckErrorRateStep)
                .next(importReadLiveStep)
                .next(importSendUpdatesStep)
                .next(importWriteResultsStep)
                .build();
    }

    // 1. inspectInput

    @Bean
    Step importInspectInputStep(JobRepository jobRepository, PlatformTransactionManager tx, ImportStaging staging) {
        return new StepBuilder("inspectInput", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    ImportParameters params = ImportParameters.from(step.getJobParameters());
                    inspectInput(params, step.getJobExecution().getExecutionContext());
                    staging.ensureTable();
                    return RepeatStatus.FINISHED;
                }, tx)
                .allowStartIfComplete(true)
                .build();
    }

    static void inspectInput(ImportParameters params, ExecutionContext job) {
        if (params.inputSha256().isBlank()) {
            throw new InvalidInputException("the import job needs the parameter " + ImportParameters.INPUT_SHA256);
        }
        String sha = SpreadsheetInput.checkAndHash(params.inputFile());
        if (!sha.equalsIgnoreCase(params.inputSha256())) {
            throw new InvalidInputException("input file changed since the failed run was started: "
                    + params.inputFile() + " had SHA-256 " + params.inputSha256() + ", now " + sha
                    + ". A restart would mix two versions of the file; run it as a new import instead");
        }
        try (SpreadsheetInput input = SpreadsheetInput.open(params.inputFile(), params.sheet())) {
            ImportColumns columns = input.columns();
            if (params.botId().isEmpty() && !columns.has(Field.BOT_ID)) {
                throw new InvalidInputException("no bot id: the file has no bot_id column; pass --bot-id");
            }
            if (params.customerId().isEmpty() && !columns.has(Field.CUSTOMER_ID)) {
                throw new InvalidInputException("no customer id: the file has no customer_id column; pass --customer-id");
            }
            job.put(HEADER, new ArrayList<>(columns.header()));
            job.putInt(HEADER_ROW, input.headerRowNo());
            job.putString(FORMAT, input.format().name());
            job.putString(SHEET_NAME, input.sheetName());
            job.put(UNKNOWN_COLUMNS, new ArrayList<>(columns.unknownColumns()));
            job.put(IGNORED_COLUMNS, new ArrayList<>(columns.ignoredColumns()));
            if (!columns.unknownColumns().isEmpty()) {
                log.info("import: ignoring unknown columns {}", columns.unknownColumns());
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + params.inputFile() + ": " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(params.out());
        } catch (IOException e) {
            throw new InvalidInputException("cannot create the output folder " + params.out() + " (" + e + "): choose another with --out", e);
        }
    }

    // 2. validateRows

    @Bean
    Step importValidateRowsStep(JobRepository jobRepository, PlatformTransactionManager tx,
            SpreadsheetRowReader importRowReader, ItemProcessor<SheetRow, ValidatedRow> importRowValidator,
            StagingWriter importStagingWriter) {
        return new StepBuilder("validateRows", jobRepository)
                .<SheetRow, ValidatedRow>chunk(VALIDATE_CHUNK_SIZE)
                .transactionManager(tx)
                .reader(importRowReader)
                .processor(importRowValidator)
                .writer(importStagingWriter)
                .listener(ProgressUnit.rows())
                .build();
    }

    @Bean
    @StepScope
    SpreadsheetRowReader importRowReader(@Value("#{stepExecution}") StepExecution step) {
        ImportParameters params = ImportParameters.from(step.getJobParameters());
        return new SpreadsheetRowReader(params.inputFile(), params.sheet());
    }

    @Bean
    @StepScope
    ItemProcessor<SheetRow, ValidatedRow> importRowValidator(@Value("#{stepExecution}") StepExecution step) {
        ImportParameters params = ImportParameters.from(step.getJobParameters());
        ExecutionContext job = step.getJobExecution().getExecutionContext();
        @SuppressWarnings("unchecked")
        List<String> header = (List<String>) job.get(HEADER);
        RowValidator validator = new RowValidator(ImportColumns.of(header, job.getInt(HEADER_ROW, 1)),
                params.botId(), params.customerId());
        return validator::validate;
    }

    @Bean
    @StepScope
    StagingWriter importStagingWriter(@Value("#{stepExecution}") StepExecution step, ImportStaging staging) {
        return new StagingWriter(staging, step.getJobExecution().getJobInstanceId());
    }

    // 3. checkErrorRate

    @Bean
    Step importCheckErrorRateStep(JobRepository jobRepository, PlatformTransactionManager tx, ImportStaging staging) {
        return new StepBuilder("checkErrorRate", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    StepExecution step = contribution.getStepExecution();
                    ImportParameters params = ImportParameters.from(step.getJobParameters());
                    ExecutionContext job = step.getJobExecution().getExecutionContext();
                    Counts counts = staging.counts(step.getJobExecution().getJobInstanceId());
                    if (counts.read() == 0) {
                        throw new InvalidInputException(params.inputFile().getFileName() + " has a header (row "
                                + job.getInt(HEADER_ROW, 1) + ") but no data rows: nothing to import");
                    }
                    if (counts.invalid() > params.maxErrorRate() * counts.read()) {
                        String message = String.format(Locale.ROOT, "%d of %d rows (%.1f%%) are invalid, above the "
                                + "maximum error rate of %.1f%% (--max-error-rate %s); nothing was sent. The reasons are in "
                                + "%s and the rows in %s: fix them and import again, or raise --max-error-rate",
                                counts.invalid(), counts.read(), 100.0 * counts.invalid() / counts.read(),
                                100.0 * params.maxErrorRate(), params.maxErrorRate(),
                                params.out().resolve(ImportReportWriter.RESULTS),
                                params.out().resolve("XLSX".equals(job.getString(FORMAT, "CSV"))
                                        ? ImportReportWriter.REJECTED_XLSX : ImportReportWriter.REJECTED_CSV));
                        if (!params.dryRun()) {
                            throw new InvalidInputException(message);
                        }
                        log.warn("dry run: {}", message);
                        job.putString(ERROR_RATE_EXCEEDED, message);
                    }
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }

    // 4. readLive

    @Bean
    Step importReadLiveStep(JobRepository jobRepository, PlatformTransactionManager tx,
            LiveSnapshotReader importLiveReader, LiveSnapshotWriter importLiveWriter) {
        return new StepBuilder("readLive", jobRepository)
                .<LiveSnapshotReader.LivePage, LiveSnapshotReader.LivePage>chunk(LIVE_CHUNK_PAGES)
                .transactionManager(tx)
                .reader(importLiveReader)
                .writer(importLiveWriter)
                .listener(ProgressUnit.pages())
                .build();
    }

    @Bean
    @StepScope
    LiveSnapshotReader importLiveReader(@Value("#{stepExecution}") StepExecution step, InboxApi inboxApi,
            ApiCredentials credentials, ImportStaging staging) {
        ImportParameters params = ImportParameters.from(step.getJobParameters());
        LiveReadPlan plan = new LiveReadPlan(staging, step.getJobExecution().getJobInstanceId(), params,
                credentials.botToken().isPresent(), step.getJobExecution().getExecutionContext());
        return new LiveSnapshotReader(inboxApi, params.botId(), params.customerId(), plan, LIVE_WINDOW);
    }

    @Bean
    @StepScope
    LiveSnapshotWriter importLiveWriter(@Value("#{stepExecution}") StepExecution step, ImportStaging staging) {
        return new LiveSnapshotWriter(staging, step.getJobExecution().getJobInstanceId());
    }

    // 5. sendUpdates

    @Bean
    Step importSendUpdatesStep(JobRepository jobRepository, PlatformTransactionManager tx,
            PendingRowReader importPendingRowReader, LeadSendWriter importLeadSendWriter,
            @Value("${" + SEND_CHUNK_SIZE_PROPERTY + ":" + DEFAULT_SEND_CHUNK_SIZE + "}") int sendChunkSize) {
        if (sendChunkSize < 1) {
            throw new IllegalArgumentException(SEND_CHUNK_SIZE_PROPERTY + " must be at least 1 (got " + sendChunkSize + ")");
        }
        return new StepBuilder("sendUpdates", jobRepository)
                .<PendingRow, PendingRow>chunk(sendChunkSize)
                .transactionManager(tx)
                .reader(importPendingRowReader)
                .writer(importLeadSendWriter)
                .listener(ProgressUnit.rows())
                .build();
    }

    @Bean
    @StepScope
    PendingRowReader importPendingRowReader(@Value("#{stepExecution}") StepExecution step, ImportStaging staging) {
        return new PendingRowReader(staging, step.getJobExecution().getJobInstanceId(), SEND_READ_PAGE_SIZE);
    }

    @Bean
    @StepScope
    LeadSendWriter importLeadSendWriter(@Value("#{stepExecution}") StepExecution step, InboxApi inboxApi,
            ImportStaging staging) {
        return new LeadSendWriter(inboxApi, staging, step.getJobExecution().getJobInstanceId(),
                ImportParameters.from(step.getJobParameters()),
                LiveReadPlan.taken(step.getJobExecution().getExecutionContext()));
    }

    // 6. writeResults

    @Bean
    Step importWriteResultsStep(JobRepository jobRepository, PlatformTransactionManager tx,
            ImportJobListener importJobListener) {
        return new StepBuilder("writeResults", jobRepository)
                .tasklet((contribution, chunkContext) -> {
                    importJobListener.writeResults(contribution.getStepExecution().getJobExecution(), "COMPLETED", null);
                    return RepeatStatus.FINISHED;
                }, tx)
                .build();
    }
}
