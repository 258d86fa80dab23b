package com.botbuddy.batch.ops;

import org.springframework.batch.core.job.JobExecution;

/**
 * How a launch, restart or stop ended, in the terms an operator acts on. The command line turns the
 * {@link Outcome} into an exit code; {@code message} is printed as is (never a stack trace, never a secret).
 *
 * @param execution the execution concerned, or {@code null} when none was started
 */
public record RunResult(Outcome outcome, JobExecution execution, String message) {

    public enum Outcome {
        COMPLETED, COMPLETED_WITH_REJECTIONS, ALREADY_COMPLETE, FAILED, STOPPED, AUTH_REFUSED, INVALID_INPUT,
        ALREADY_RUNNING
    }

    public static final String COMPLETED_WITH_REJECTIONS = "COMPLETED_WITH_REJECTIONS";

    public long executionId() {
        return execution == null ? -1 : execution.getId();
    }
}
