package com.botbuddy.batch.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) ask this process's own running execution to stop after its current chunk,
 * so it ends STOPPED and can be resumed. A second signal ends the process at once. (A JVM shutdown hook
 * cannot do this: the embedded database is closed before it could record the stop.)
 *
 * <p>The stop is requested through the job repository only (job execution STOPPING), exactly what
 * {@code stop ID} from another process amounts to: the step sees it when it commits its chunk and ends
 * STOPPED. {@code JobOperator.stop} must not be called here: in the JVM that runs the step it registers and then
 * releases the step's {@code StepContext} on the calling thread, which runs the step-scoped beans' destroy
 * callbacks under the running step (Spring Batch 6.0.4): the page reader's pool is shut down, the in-flight
 * request is interrupted and the step FAILS instead of stopping.
 */
final class StopOnSignal {
    private static final Logger log = LoggerFactory.getLogger(StopOnSignal.class);

    private final TermAndIntHandler handler;

    private StopOnSignal(TermAndIntHandler handler) {
        this.handler = handler;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean SIGNALLED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Whether this process received SIGTERM or SIGINT while a job ran. */
    static boolean signalled() {
        return SIGNALLED.get();
    }

    static StopOnSignal install(JobRepository jobRepository, RunLog runLog) {
        SignalHandler handler = new SignalHandler() {
            private volatile boolean requested;

            @Override
            public void handle(Signal signal) {
                if (requested) {
                    System.err.println("second " + signal.getName() + ": exiting now");
                    Runtime.getRuntime().halt(130);
                }
                requested = true;
                SIGNALLED.set(true);
                JobExecution execution = runLog.current();
                if (execution == null || !execution.isRunning()) {
                    Runtime.getRuntime().halt(130);
                }
                System.err.println("SIG" + signal.getName() + ": stopping execution " + execution.getId()
                        + " after its current chunk (signal again to exit at once)");
                try {
                    requestStop(jobRepository, execution.getId());
                } catch (Exception e) {
                    log.warn("could not stop execution {}: {}", execution.getId(), e.getMessage());
                }
            }
        };
        return new StopOnSignal(TermAndIntHandler.install(handler));
    }

    /** Marks the execution STOPPING in the repository, on a fresh copy (the running job thread owns the live one). */
    static void requestStop(JobRepository jobRepository, long executionId) {
        for (int attempt = 1; ; attempt++) {
            JobExecution fresh = jobRepository.getJobExecution(executionId);
            if (fresh == null || !fresh.isRunning()) {
                return;
            }
            fresh.setStatus(BatchStatus.STOPPING);
            try {
                jobRepository.update(fresh);
                return;
            } catch (org.springframework.dao.OptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e; // the job thread kept updating the same row; give up (a second signal exits)
                }
            }
        }
    }

    void uninstall() {
        handler.close();
    }
}
