package com.botbuddy.batch.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) ask this process's own running execution to stop after its current chunk,
 * so it ends STOPPED and can be resumed. A second signal ends the process at once. (A JVM shutdown hook
 * cannot do this: the embedded database is closed before it could record the stop.)
 */
final class StopOnSignal {
    private static final Logger log = LoggerFactory.getLogger(StopOnSignal.class);

    private final SignalHandler previousTerm;
    private final SignalHandler previousInt;

    private StopOnSignal(SignalHandler previousTerm, SignalHandler previousInt) {
        this.previousTerm = previousTerm;
        this.previousInt = previousInt;
    }

    static StopOnSignal install(JobOperator jobOperator, RunLog runLog) {
        SignalHandler handler = new SignalHandler() {
            private volatile boolean requested;

            @Override
            public void handle(Signal signal) {
                if (requested) {
                    System.err.println("second " + signal.getName() + ": exiting now");
                    Runtime.getRuntime().halt(130);
                }
                requested = true;
                JobExecution execution = runLog.current();
                if (execution == null || !execution.isRunning()) {
                    Runtime.getRuntime().halt(130);
                }
                System.err.println("SIG" + signal.getName() + ": stopping execution " + execution.getId()
                        + " after its current chunk (signal again to exit at once)");
                try {
                    jobOperator.stop(execution);
                } catch (Exception e) {
                    log.warn("could not stop execution {}: {}", execution.getId(), e.getMessage());
                }
            }
        };
        SignalHandler term = trySet("TERM", handler);
        SignalHandler interrupt = trySet("INT", handler);
        return new StopOnSignal(term, interrupt);
    }

    private static SignalHandler trySet(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void uninstall() {
        if (previousTerm != null) {
            trySet("TERM", previousTerm);
        }
        if (previousInt != null) {
            trySet("INT", previousInt);
        }
    }
}
