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
 * step, named for what it counts ({@link ProgressUnit}: pages while fetching, chats while reporting): done so
 * far, of how many and the share when the step knows its total, rate, and errors (skips). A step's bar ends
 * when the step does, before its log line, and is not drawn again. Not a terminal (cron, CI, a pipe): one
 * plain log line every {@code interval}, no escape codes. Reads the in-memory step executions; never blocks
 * the job.
 */
final class Progress implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("botbuddy.progress");

    private final JobExecution execution;
    private final ScheduledExecutorService ticker;
    private ProgressBar bar;
    private String barStep;
    private long barTotal = -1;
    /** Steps whose bar has ended: never drawn again. */
    private final java.util.Set<String> ended = new java.util.HashSet<>();

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

    private synchronized void drawBar() {
        try {
            StepExecution step = runningStep();
            if (step == null || ended.contains(step.getStepName())) {
                return;
            }
            long total = ProgressUnit.totalOf(step);
            if (bar == null || !step.getStepName().equals(barStep)) {
                closeBar();
                barStep = step.getStepName();
                barTotal = -1;
                bar = new ProgressBarBuilder().setTaskName(barStep).setInitialMax(-1)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" " + ProgressUnit.unitOf(step), 1).showSpeed()
                        .setUpdateIntervalMillis(200).continuousUpdate().build();
            }
            if (total >= 0 && total != barTotal) {
                bar.maxHint(total);
                barTotal = total;
            }
            bar.stepTo(step.getWriteCount());
            bar.setExtraMessage(step.getSkipCount() > 0 ? step.getSkipCount() + " errors" : "");
        } catch (RuntimeException e) {
            // progress must never disturb the job
        }
    }

    /** Ends the step's bar (drawn once more, complete) so that the step's log line comes after it, for good. */
    synchronized void stepEnded(StepExecution step) {
        ended.add(step.getStepName());
        if (bar != null && step.getStepName().equals(barStep)) {
            try {
                bar.stepTo(step.getWriteCount());
            } catch (RuntimeException e) {
                // progress must never disturb the job
            }
            closeBar();
        }
    }

    private void logLine() {
        StepExecution step = runningStep();
        if (step == null || step.getStartTime() == null) {
            return;
        }
        double seconds = Duration.between(step.getStartTime(), java.time.LocalDateTime.now()).toMillis() / 1000.0;
        log.info("{}, at {}", line(step, seconds), Instant.now());
    }

    /** A running step's progress as one plain line: what it counts, of how many when known, rate and errors. */
    static String line(StepExecution step, double seconds) {
        long count = step.getWriteCount();
        long total = ProgressUnit.totalOf(step);
        String unit = ProgressUnit.unitOf(step);
        String done = total > 0 ? count + " of " + total + " " + unit + " (" + Math.min(100, count * 100 / total) + "%)"
                : count + " " + unit;
        return "progress " + step.getStepName() + ": " + done + " done (" + Math.round(count / Math.max(0.001, seconds))
                + "/s), " + step.getSkipCount() + " errors";
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
        synchronized (this) {
            closeBar();
        }
    }
}
