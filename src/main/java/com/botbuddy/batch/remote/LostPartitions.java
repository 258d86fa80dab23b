package com.botbuddy.batch.remote;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.botbuddy.batch.ops.Durations;

/**
 * While the manager waits for its partitions, fails those no worker will finish, so that the run ends,
 * restartable, instead of waiting forever. From Spring Batch's and RabbitMQ's own state alone:
 * <ul>
 * <li>a partition STARTED whose step execution was last updated more than {@code lostAfter} ago: a worker
 *     commits every chunk, so its worker is gone (a worker that dies returns its request to the queue, and
 *     another worker goes on with the partition from its last commit; this catches the case where none does);</li>
 * <li>every unfinished partition, once no worker has consumed the queue for {@code lostAfter}.</li>
 * </ul>
 * The manager's own wait (Spring Batch's, polling the job repository) then sees them ended. Each look also gives
 * the manager's progress display the pages the workers staged so far.
 */
final class LostPartitions implements StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(LostPartitions.class);

    private final JobRepository jobRepository;
    private final String workerStep;
    private final Duration lostAfter;
    private final Duration every;
    private final String queue;
    private final Supplier<Integer> consumers;
    private ScheduledExecutorService timer;
    private LocalDateTime noConsumerSince;
    private volatile long pagesStaged;

    LostPartitions(JobRepository jobRepository, String workerStep, Duration lostAfter, Duration every, String queue,
            Supplier<Integer> consumers) {
        this.queue = queue;
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
        this.lostAfter = lostAfter;
        this.every = every;
        this.consumers = consumers;
    }

    @Override
    public void beforeStep(StepExecution manager) {
        noConsumerSince = null;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lost-partitions");
            t.setDaemon(true);
            return t;
        });
        long jobExecutionId = manager.getJobExecutionId();
        timer.scheduleWithFixedDelay(() -> {
            sweep(jobExecutionId, LocalDateTime.now());
            manager.setWriteCount(pagesStaged); // live, for the progress display: the workers' pages so far
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** One look: fails the partitions that are lost as of {@code now}; returns how many. */
    int sweep(long jobExecutionId, LocalDateTime now) {
        try {
            JobExecution job = jobRepository.getJobExecution(jobExecutionId);
            if (job == null) {
                return 0;
            }
            pagesStaged = job.getStepExecutions().stream().filter(s -> s.getStepName().startsWith(workerStep + ":"))
                    .mapToLong(StepExecution::getWriteCount).sum();
            List<StepExecution> open = job.getStepExecutions().stream()
                    .filter(s -> s.getStepName().startsWith(workerStep + ":") && s.getStatus().isRunning()).toList();
            if (open.isEmpty()) {
                noConsumerSince = null;
                return 0;
            }
            Integer n = consumers.get();
            if (n != null && n == 0) {
                noConsumerSince = noConsumerSince == null ? now : noConsumerSince;
            } else {
                noConsumerSince = null;
            }
            boolean noWorker = noConsumerSince != null && !noConsumerSince.plus(lostAfter).isAfter(now);
            int failed = 0;
            for (StepExecution partition : open) {
                LocalDateTime last = partition.getLastUpdated();
                boolean silent = partition.getStatus() == BatchStatus.STARTED && last != null
                        && !last.plus(lostAfter).isAfter(now);
                if (silent || noWorker) {
                    fail(partition, silent
                            ? "lost: its worker committed nothing for " + Durations.format(lostAfter)
                                    + " (since " + last.withNano(0) + ")"
                            : "not run: no worker took requests from " + queue + " for "
                                    + Durations.format(lostAfter));
                    failed++;
                }
            }
            return failed;
        } catch (RuntimeException e) {
            log.warn("could not check the partitions for lost workers (checking again in {}): {}",
                    Durations.format(every), e.getMessage());
            return 0;
        }
    }

    private void fail(StepExecution partition, String why) {
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
        partition.setEndTime(LocalDateTime.now());
        jobRepository.update(partition);
        log.warn("partition {}: {}", partition.getStepName().substring(workerStep.length() + 1), why);
    }
}
