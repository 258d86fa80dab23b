package com.botbuddy.batch.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how a run is going. On a terminal: a live progress bar (the progressbar library) for the running
 * step: items done, rate, and errors (skips) so far. Not a terminal (cron, CI, a pipe): one plain log
 * line every {@code interval}, no escape codes. Reads the in-memory step executions; never blocks the job.
 */
final class Progress implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("botbuddy.progress");

    private final JobExecution execution;
    private final ScheduledExecutorService ticker;
    private ProgressBar bar;
    private String barStep;

    private Progress(JobExecution execution) {
        this.execution = execution;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
    }

    static Progress start(JobExecution execution, Duration interval) {
        Progress progress = new Progress(execution);
        boolean terminal = System.console() != null && System.getenv("TERM") != null
                && !"dumb".equals(System.getenv("TERM"));
        if (terminal) {
            progress.ticker.scheduleAtFixedRate(progress::drawBar, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            long ms = Math.max(1000, interval.toMillis());
            progress.ticker.scheduleAtFixedRate(progress::logLine, ms, ms, TimeUnit.MILLISECONDS);
        }
        return progress;
    }

    private StepExecution runningStep() {
        StepExecution running = null;
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus() == BatchStatus.STARTED) {
                running = step;
            }
        }
        return running;
    }

    private void drawBar() {
        try {
            StepExecution step = runningStep();
            if (step == null) {
                return;
            }
            if (bar == null || !step.getStepName().equals(barStep)) {
                closeBar();
                barStep = step.getStepName();
                bar = new ProgressBarBuilder().setTaskName(barStep).setInitialMax(-1)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" items", 1).showSpeed()
                        .setUpdateIntervalMillis(200).continuousUpdate().build();
            }
            bar.stepTo(step.getWriteCount());
            bar.setExtraMessage(step.getSkipCount() > 0 ? step.getSkipCount() + " errors" : "");
        } catch (RuntimeException e) {
            // progress must never disturb the job
        }
    }

    private void logLine() {
        StepExecution step = runningStep();
        if (step == null || step.getStartTime() == null) {
            return;
        }
        double seconds = Math.max(0.001, Duration.between(step.getStartTime(), java.time.LocalDateTime.now()).toMillis() / 1000.0);
        log.info("progress {}: {} items done ({}/s), {} errors, at {}", step.getStepName(), step.getWriteCount(),
                Math.round(step.getWriteCount() / seconds), step.getSkipCount(), Instant.now());
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeBar();
    }
}
