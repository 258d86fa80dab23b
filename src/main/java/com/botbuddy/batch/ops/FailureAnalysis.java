package com.botbuddy.batch.ops;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.ops.RunResult.Outcome;

/** Reads a finished execution and says what it means for the operator. */
public final class FailureAnalysis {
    /** A job's execution-context entry: lines to add to the message of a completed execution. */
    public static final String COMPLETION_LINES = "completion.lines";

    private FailureAnalysis() {
    }

    public static RunResult of(JobExecution execution, String restartHint) {
        BatchStatus status = execution.getStatus();
        if (status == BatchStatus.COMPLETED) {
            boolean rejections = RunResult.COMPLETED_WITH_REJECTIONS.equals(execution.getExitStatus().getExitCode());
            return new RunResult(rejections ? Outcome.COMPLETED_WITH_REJECTIONS : Outcome.COMPLETED, execution,
                    "execution " + execution.getId() + " completed" + (rejections ? " with rejected rows" : "")
                            + (execution.getExecutionContext().containsKey(COMPLETION_LINES)
                                    ? "\n" + execution.getExecutionContext().getString(COMPLETION_LINES) : ""));
        }
        if (status == BatchStatus.STOPPED) {
            return new RunResult(Outcome.STOPPED, execution, "execution " + execution.getId()
                    + " stopped; resume it with: " + restartHint);
        }
        List<Throwable> failures = failures(execution);
        for (Throwable failure : failures) {
            ApiAuthException auth = find(failure, ApiAuthException.class);
            if (auth != null) {
                return new RunResult(Outcome.AUTH_REFUSED, execution, "execution " + execution.getId()
                        + " failed: the API refused the token: " + auth.getMessage());
            }
        }
        for (Throwable failure : failures) {
            InvalidInputException invalid = find(failure, InvalidInputException.class);
            if (invalid != null) {
                return new RunResult(Outcome.INVALID_INPUT, execution, "execution " + execution.getId() + " failed: "
                        + invalid.getMessage());
            }
        }
        String reason = failures.isEmpty() ? execution.getExitStatus().getExitDescription()
                : describe(failures.get(0));
        return new RunResult(Outcome.FAILED, execution, "execution " + execution.getId() + " " + status
                .toString().toLowerCase() + ": " + firstLine(reason) + "\nrestart it with: " + restartHint);
    }

    /** H2's codes for a session whose serving process went away (connection broken, database closed). */
    private static final Set<Integer> REPOSITORY_GONE = Set.of(90067, 90098, 90121);

    static List<Throwable> failures(JobExecution execution) {
        List<Throwable> all = new ArrayList<>(execution.getFailureExceptions());
        for (StepExecution step : execution.getStepExecutions()) {
            all.addAll(step.getFailureExceptions());
        }
        return all;
    }

    /** The first throwable of {@code type} in the cause chain of {@code t}, or {@code null}. */
    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /**
     * The most telling message in a cause chain: the first written for the operator (an API failure, an
     * {@link InvalidInputException}, or a message that says where and then quotes its cause's, such as
     * {@code cannot write the reports in <folder>: No space left on device}), else the deepest one that has
     * a message.
     */
    public static String describe(Throwable t) {
        SQLException sql = find(t, SQLException.class);
        if (sql != null && REPOSITORY_GONE.contains(sql.getErrorCode())) {
            return "the connection to the job repository was cut: the process that served the embedded job repository"
                    + " ended abruptly (kill -9, a crash) while this run was in a transaction (" + firstLine(sql.getMessage())
                    + ")";
        }
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
                if (c instanceof com.botbuddy.batch.client.ApiException || c instanceof InvalidInputException
                        || quotesItsCause(c)) {
                    break;
                }
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** {@code "<where>: <the cause's message>"}, not Java's own wrapping ({@code "java.io.IOException: ..."}). */
    private static boolean quotesItsCause(Throwable c) {
        Throwable cause = c.getCause();
        return cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()
                && c.getMessage().endsWith(": " + cause.getMessage()) && !c.getMessage().equals(cause.toString());
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "(no reason recorded)";
        }
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
