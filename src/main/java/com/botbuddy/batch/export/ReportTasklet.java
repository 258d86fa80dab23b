package com.botbuddy.batch.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.history.LeadHistory;
import com.botbuddy.batch.ops.FailureAnalysis;
import com.botbuddy.batch.ops.ProgressUnit;
import com.botbuddy.batch.report.ChatReport;
import com.botbuddy.batch.report.ReportFigures;
import com.botbuddy.batch.report.ReportRequest;
import com.botbuddy.batch.report.RunFacts;

/**
 * Streams the staged chats of this job instance into the reports, with the lead history's figures over time as
 * of the export's date (computed from the history alone, so a restart writes the same). The reports are written to temporary
 * names and moved into place only when complete, so a failure here leaves the previous reports intact and
 * a restart simply writes them again from the staged data.
 */
public class ReportTasklet implements Tasklet {
    private final StagedChats staged;
    private final LeadHistory history;
    private final ExportParameters params;
    private final int target;

    /** {@code target}: the target's number within a scale-out run ({@link StagingKey}), 0 for a local export. */
    public ReportTasklet(StagedChats staged, LeadHistory history, ExportParameters params, int target) {
        this.staged = staged;
        this.history = history;
        this.params = params;
        this.target = target;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        JobExecution job = step.getJobExecution();
        StagingKey key = new StagingKey(job.getJobInstance().getInstanceId(), target);
        Instant started = toInstant(job.getStartTime());
        ReportRequest request = new ReportRequest(params.reportFolder(), params.reportFormats(), params.date(),
                params.zone(), params.botId(), params.customerId(), started);
        ReportFigures figures;
        long[] written = { 0 };
        StagedChats.Totals totals;
        ProgressUnit.total(step, staged.count(key)); // copies staged: the chats reported, and any duplicates
        HistoryFigures overTime = history.figures(params.botId(), params.customerId(), params.date(), params.sinceDays());
        try (ChatReport report = ChatReport.open(request)) {
            report.history(overTime);
            // what was staged is what was read: counted from the staging itself, it holds across restarts
            totals = staged.forEachLatest(key, chat -> {
                try {
                    report.add(chat);
                } catch (IOException e) {
                    throw cannotWrite(e);
                }
                written[0]++;
                if (written[0] % 1_000 == 0) {
                    step.setWriteCount(written[0]); // live, for the progress display
                }
            });
            figures = report.finish(new RunFacts(totals.pages(), totals.duplicates(),
                    Duration.between(started, Instant.now()), job.getId()));
        } catch (IOException e) {
            throw cannotWrite(e);
        }
        step.setWriteCount(written[0]);
        step.getExecutionContext().putLong("chats.reported", written[0]);
        // said when the job has ended, after every progress bar: the last lines an operator reads
        String lines = "reports: " + params.reportFolder() + " (" + written[0] + " chats, " + totals.pages()
                + " pages)\n" + figures.funnelLine();
        if (target == 0) {
            job.getExecutionContext().putString(FailureAnalysis.COMPLETION_LINES, lines);
            job.getExecutionContext().putString("export.folder", params.reportFolder().toString());
            job.getExecutionContext().putLong("export.chats", written[0]);
        } else { // one run over many targets: each target's lines, in the order the reports were written
            String before = job.getExecutionContext().getString(FailureAnalysis.COMPLETION_LINES, "");
            job.getExecutionContext().putString(FailureAnalysis.COMPLETION_LINES,
                    (before.isEmpty() ? "" : before + "\n") + params.botId() + "/" + params.customerId() + ": " + lines);
        }
        return RepeatStatus.FINISHED;
    }

    /** A report that cannot be written (a full disk, say) fails the step saying where; a restart redoes the step. */
    private UncheckedIOException cannotWrite(IOException e) {
        // the JDK's message for a refused write is the bare path: say why before it
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied: " + e.getMessage()
                : e.getMessage();
        return new UncheckedIOException("cannot write the reports in " + params.reportFolder() + ": " + why, e);
    }

    private static Instant toInstant(LocalDateTime time) {
        return time == null ? Instant.now() : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
