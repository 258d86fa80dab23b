package com.botbuddy.batch.remote;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * A worker's side of a partition request ({@code <worker step> <step execution id>}): runs the partition through
 * Spring Batch's own {@link StepExecutionRequestHandler}, unless it has ended already (a request RabbitMQ gave
 * again after its run ended, or one left over from a run that failed), or it, or an earlier execution of it, runs
 * in another worker right now ({@link PartitionLock}): then the request goes back to the queue. It returns only when the partition's step has
 * ended, so the request is acknowledged only then. As a listener on the worker step it also knows the partitions
 * running here, to stop them after their current chunk when the worker is asked to end.
 */
final class PartitionRequests implements StepExecutionListener {
    private static final Logger log = LoggerFactory.getLogger(PartitionRequests.class);
    /** Before a request running elsewhere goes back to the queue: not a busy loop between two workers. */
    private static final long BUSY_PAUSE_MS = 2_000;
    /** A failed partition's step context: its failure in one line ({@link #telling}). */
    static final String FAILURE = "partition.failure";

    private final JobRepository jobRepository;
    private final DataSource dataSource;
    private final String workerStep;
    private final StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();
    private volatile boolean ending;

    PartitionRequests(JobRepository jobRepository, DataSource dataSource, String workerStep, StepLocator steps) {
        this.jobRepository = jobRepository;
        this.dataSource = dataSource;
        this.workerStep = workerStep;
        handler.setJobRepository(jobRepository);
        handler.setStepLocator(steps);
    }

    /** The message body the manager sends for a request. */
    static String body(StepExecutionRequest request) {
        return request.getStepName() + " " + request.getStepExecutionId();
    }

    void handle(String body) {
        String[] parts = body.strip().split(" ");
        long id;
        try {
            id = Long.parseLong(parts[1]);
        } catch (RuntimeException e) {
            log.warn("dropped a request that is not '<step> <id>': {}", body.length() > 80 ? body.substring(0, 80) : body);
            return;
        }
        if (parts.length != 2 || !workerStep.equals(parts[0])) {
            log.warn("dropped a request for step {}: this worker runs {}", parts[0], workerStep);
            return;
        }
        if (ending) {
            throw new ImmediateRequeueAmqpException("this worker is ending");
        }
        StepExecution partition = jobRepository.getStepExecution(id);
        if (!runnable(partition, id)) {
            return;
        }
        try (PartitionLock lock = PartitionLock.tryTake(dataSource, partition.getJobExecution().getJobInstance()
                .getInstanceId(), partition.getStepName())) {
            if (lock == null) {
                pause();
                throw new ImmediateRequeueAmqpException("partition " + name(partition) + " runs in another worker");
            }
            if (!runnable(jobRepository.getStepExecution(id), id)) {
                return; // it ended while the lock was taken elsewhere
            }
            log.info("partition {} of execution {}: started", name(partition), partition.getJobExecutionId());
            StepExecution ended = handler.handle(new StepExecutionRequest(workerStep, id));
            log.info("partition {} of execution {}: {} ({} pages)", name(partition), partition.getJobExecutionId(),
                    ended.getStatus(), ended.getWriteCount());
        } catch (SQLException e) {
            pause();
            throw new ImmediateRequeueAmqpException("cannot reach the job repository: " + e.getMessage(), e);
        }
    }

    private boolean runnable(StepExecution partition, long id) {
        if (partition == null) {
            log.warn("dropped the request for step execution {}: not in this job repository", id);
            return false;
        }
        if (!partition.getStatus().isRunning() || !partition.getJobExecution().getStatus().isRunning()) {
            log.info("dropped the request for partition {} of execution {}: it is {} (its run {})", name(partition),
                    partition.getJobExecutionId(), partition.getStatus(), partition.getJobExecution().getStatus());
            return false;
        }
        return true;
    }

    private String name(StepExecution partition) {
        String n = partition.getStepName();
        return n.startsWith(workerStep + ":") ? n.substring(workerStep.length() + 1) : n;
    }

    private static void pause() {
        try {
            Thread.sleep(BUSY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        running.add(stepExecution);
        if (ending) {
            stepExecution.setTerminateOnly();
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        running.remove(stepExecution);
        if (!stepExecution.getFailureExceptions().isEmpty()) {
            // what the manager tells the operator: the stored exit description is a cut stack trace
            stepExecution.getExecutionContext().putString(FAILURE, telling(stepExecution.getFailureExceptions().get(0)));
        }
        return null;
    }

    /** The first exception of ours in the chain (what a local run would say), else the root cause: class and message. */
    static String telling(Throwable failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("com.botbuddy.")) {
                return t.getClass().getName() + ": " + t.getMessage();
            }
            root = t;
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    /** The worker is asked to end: the partitions running here stop after their current chunk, no other starts. */
    void end() {
        ending = true;
        for (StepExecution current : running) {
            current.setTerminateOnly();
            log.info("partition {}: stopping after its current chunk", name(current));
        }
    }
}
