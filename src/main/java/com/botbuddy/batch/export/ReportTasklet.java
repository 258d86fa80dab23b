package com.botbuddy.batch.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

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
        try (ChatReport report = ChatReport.open(request)) {
            // the chats stream on a thread of their own while this one counts the history's figures over time: here,
            // in the step's transaction, which on a scale-out run also holds tonight's history, not yet committed
            AtomicBoolean abandoned = new AtomicBoolean();
            // what was staged is what was read: counted from the staging itself, it holds across restarts
            FutureTask<StagedChats.Totals> streaming = new FutureTask<>(() -> staged.forEachLatest(key, chat -> {
                if (abandoned.get()) {
                    throw new CancellationException("the report step ended early");
                }
                try {
                    report.add(chat);
                } catch (IOException e) {
                    throw cannotWrite(e);
                }
                written[0]++;
                if (written[0] % 1_000 == 0) {
                    step.setWriteCount(written[0]); // live, for the progress display
                }
            }));
            Thread streamer = new Thread(streaming, "report-chats");
            streamer.setDaemon(true);
            streamer.start();
            try {
                report.history(history.figures(params.botId(), params.customerId(), params.date(), params.sinceDays()));
                totals = result(streaming);
            } finally {
                abandoned.set(true); // a failure on this side stops the streaming at its next chat
                awaitEnd(streamer); // and no reading of the staging outlives the step
            }
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

    /** What the streaming passed on, or the exception that ended it, as thrown there. */
    private static StagedChats.Totals result(FutureTask<StagedChats.Totals> streaming) {
        try {
            return streaming.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the chats were reported", e);
        }
    }

    private static void awaitEnd(Thread streamer) {
        boolean interrupted = false;
        while (streamer.isAlive()) {
            try {
                streamer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
