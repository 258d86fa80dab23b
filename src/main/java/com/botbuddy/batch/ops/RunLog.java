package com.botbuddy.batch.ops;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.ExitStatus;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What an operator sees of a run: the execution id, one line per step start and end with counts and
 * duration, and a progress display while it runs. Never a parameter that could hold a secret (none can).
 */
@Component
public class RunLog implements JobExecutionListener, StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger("botbuddy.run");

    private final AtomicReference<JobExecution> current = new AtomicReference<>();
    private final Environment environment;
    private volatile Progress progress;

    public RunLog(Environment environment) {
        this.environment = environment;
    }

    /** The execution this process is running, if any (for the stop-on-signal handler). */
    public JobExecution current() {
        return current.get();
    }

    @Override
    public void beforeJob(JobExecution execution) {
        current.set(execution);
        System.out.println("execution " + execution.getId() + ": " + execution.getJobInstance().getJobName()
                + " started (" + JobParametersView.describe(execution.getJobParameters()) + ")");
        System.out.flush();
        if (!environment.getProperty("botbuddy.quiet", Boolean.class, false)) {
            progress = Progress.start(execution, environment.getProperty("botbuddy.progress.interval",
                    Duration.class, Duration.ofSeconds(10)));
        }
    }

    @Override
    public void afterJob(JobExecution execution) {
        Progress p = progress;
        if (p != null) {
            p.close();
        }
        LocalDateTime start = execution.getStartTime();
        Duration took = start == null ? Duration.ZERO : Duration.between(start, LocalDateTime.now());
        log.info("execution {}: {} {} in {}", execution.getId(), execution.getJobInstance().getJobName(),
                execution.getStatus(), Durations.format(took));
    }

    @Override
    public void beforeStep(StepExecution step) {
        log.info("step {} started", step.getStepName());
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        Progress p = progress;
        if (p != null) {
            p.stepEnded(step);
        }
        LocalDateTime start = step.getStartTime();
        Duration took = start == null ? Duration.ZERO : Duration.between(start, LocalDateTime.now());
        log.info("step {} {}: read {}, written {}, skipped {}, commits {}, in {}", step.getStepName(),
                step.getStatus(), step.getReadCount(), step.getWriteCount(), step.getSkipCount(),
                step.getCommitCount(), Durations.format(took));
        return null;
    }
}
