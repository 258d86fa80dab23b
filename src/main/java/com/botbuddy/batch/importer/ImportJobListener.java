package com.botbuddy.batch.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.importer.ImportStaging.Counts;
import com.botbuddy.batch.ops.FailureAnalysis;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * Ends an import execution: writes the results (also for a FAILED run, with {@code not-sent} for rows never sent,
 * when rows were staged), puts the counts into the job context, sets the exit code
 * {@value ImportJobConfig#EXIT_COMPLETED_WITH_REJECTIONS} when rows were rejected or failed, and drops the staged
 * rows of a COMPLETED instance (which can never be restarted).
 */
@Component
public class ImportJobListener implements JobExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(ImportJobListener.class);

    private final ImportStaging staging;
    private final ImportReportWriter reports;
    private final JobRepository jobRepository;

    public ImportJobListener(ImportStaging staging, ImportReportWriter reports, JobRepository jobRepository) {
        this.staging = staging;
        this.reports = reports;
        this.jobRepository = jobRepository;
    }

    @Override
    public void afterJob(JobExecution execution) {
        ExecutionContext job = execution.getExecutionContext();
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            long problems = job.getLong(ImportJobConfig.REJECTED, 0) + job.getLong(ImportJobConfig.FAILED, 0)
                    + job.getLong(ImportJobConfig.CONFLICTS, 0);
            if (problems > 0) {
                execution.setExitStatus(new ExitStatus(ImportJobConfig.EXIT_COMPLETED_WITH_REJECTIONS,
                        problems + " row(s) rejected, failed or in conflict; see rejected file and results.csv"));
            }
            staging.delete(execution.getJobInstanceId());
            return;
        }
        if (!job.containsKey(ImportJobConfig.HEADER)) {
            return;
        }
        try {
            Throwable failure = execution.getAllFailureExceptions().isEmpty() ? null
                    : execution.getAllFailureExceptions().get(0);
            Counts counts = staging.counts(execution.getJobInstanceId());
            if (counts.read() > 0) {
                writeResults(execution, execution.getStatus().name(), failure == null ? null : reason(failure));
                jobRepository.updateExecutionContext(execution);
            }
        } catch (RuntimeException e) {
            log.warn("import: could not write the results of the stopped run: {}", e.toString());
        }
    }

    /**
     * What stopped the run, for summary.json: the message of our own exception in the cause chain (a failure in
     * sendUpdates reaches us wrapped in Spring Batch's "Unable to process chunk"), else the deepest message.
     */
    static String reason(Throwable failure) {
        for (Class<? extends RuntimeException> own : List.of(ApiAuthException.class, ImportStoppedException.class,
                InvalidInputException.class)) {
            RuntimeException found = FailureAnalysis.find(failure, own);
            if (found != null && found.getMessage() != null) {
                return found.getMessage();
            }
        }
        return FailureAnalysis.describe(failure);
    }

    /** Writes the result files from the staging table and puts the counts into the job context. */
    void writeResults(JobExecution execution, String status, String message) {
        ExecutionContext job = execution.getExecutionContext();
        ImportParameters params = ImportParameters.from(execution.getJobParameters());
        @SuppressWarnings("unchecked")
        List<String> header = (List<String>) job.get(ImportJobConfig.HEADER);
        @SuppressWarnings("unchecked")
        List<String> unknown = (List<String>) job.get(ImportJobConfig.UNKNOWN_COLUMNS);
        @SuppressWarnings("unchecked")
        List<String> ignored = (List<String>) job.get(ImportJobConfig.IGNORED_COLUMNS);
        LocalDateTime start = execution.getStartTime() == null ? LocalDateTime.now() : execution.getStartTime();
        String note = message != null ? message : job.getString(ImportJobConfig.ERROR_RATE_EXCEEDED, null);
        ImportReportWriter.Context ctx = new ImportReportWriter.Context(execution.getJobInstanceId(), params, header,
                SpreadsheetInput.Format.valueOf(job.getString(ImportJobConfig.FORMAT, "CSV")),
                job.getString(ImportJobConfig.SHEET_NAME, ""), unknown == null ? List.of() : unknown,
                ignored == null ? List.of() : ignored,
                Math.max(0, Duration.between(start, LocalDateTime.now()).toMillis()), status, note,
                LiveReadPlan.taken(job), job.getString(LiveReadPlan.LIVE_NOTE, null));
        Counts counts;
        try {
            counts = reports.write(ctx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the import results to " + params.out() + ": " + e.getMessage(), e);
        }
        job.putLong(ImportJobConfig.READ, counts.read());
        job.putLong(ImportJobConfig.UPDATED, counts.updated());
        job.putLong(ImportJobConfig.REJECTED, counts.rejected());
        job.putLong(ImportJobConfig.FAILED, counts.failed());
        job.putLong(ImportJobConfig.CONFLICTS, counts.conflicts());
        log.info("import: {} rows read, {} updated, {} rejected, {} failed, {} in conflict{}; results in {}",
                counts.read(), counts.updated(), counts.rejected(), counts.failed(), counts.conflicts(),
                params.dryRun() ? " (dry run)" : "", params.out());
        if (!LiveReadPlan.taken(job) && job.containsKey(LiveReadPlan.LIVE_NOTE)) {
            log.warn("import: {}", job.getString(LiveReadPlan.LIVE_NOTE));
        }
    }
}
