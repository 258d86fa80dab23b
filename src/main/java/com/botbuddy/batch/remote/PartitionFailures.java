package com.botbuddy.batch.remote;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * When the manager's step did not complete, says why in the run's one line: which partitions did not complete and
 * the first line of each one's failure, as its worker recorded it in the job repository. The exit code follows the
 * worst of them, as a local export's would: a token the API refused (3), a request the API called wrong, such as
 * an unknown bot (2), anything else (1, restartable).
 */
final class PartitionFailures implements StepExecutionListener {
    private static final int LISTED = 3;

    private final JobRepository jobRepository;
    private final String workerStep;

    PartitionFailures(JobRepository jobRepository, String workerStep) {
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        if (manager.getStatus() == BatchStatus.COMPLETED) {
            return null;
        }
        JobExecution stored = jobRepository.getJobExecution(manager.getJobExecutionId());
        if (stored == null) {
            return null;
        }
        List<StepExecution> partitions = stored.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith(workerStep + ":")).toList();
        List<String> reasons = new ArrayList<>();
        boolean auth = false;
        boolean invalid = false;
        for (StepExecution p : partitions) {
            if (p.getStatus() == BatchStatus.COMPLETED) {
                continue;
            }
            String first = p.getExecutionContext().getString(PartitionRequests.FAILURE,
                    firstLine(p.getExitStatus().getExitDescription()));
            auth |= first.startsWith(ApiAuthException.class.getName());
            invalid |= first.startsWith(InvalidInputException.class.getName());
            reasons.add(p.getStepName().substring(workerStep.length() + 1) + " " + p.getStatus()
                    + (first.isEmpty() ? "" : ": " + withoutClassName(first)));
        }
        if (reasons.isEmpty()) {
            return null;
        }
        String message = reasons.size() + " of " + partitions.size() + " partitions did not complete: "
                + String.join("; ", reasons.subList(0, Math.min(LISTED, reasons.size())))
                + (reasons.size() > LISTED ? "; and " + (reasons.size() - LISTED) + " more (see: scripts/botbuddy jobs)" : "");
        manager.getJobExecution().addFailureException(auth ? new ApiAuthException(401, message)
                : invalid ? new InvalidInputException(message) : new IllegalStateException(message));
        return null;
    }

    /**
     * The telling line of a failure's stack trace as its worker stored it: the first exception of ours in the cause
     * chain (what a local run would say), else the root cause.
     */
    static String firstLine(String description) {
        if (description == null || description.isBlank()) {
            return "";
        }
        List<String> chain = new ArrayList<>();
        for (String line : description.split("\n")) {
            if (chain.isEmpty()) {
                chain.add(line.strip());
            } else if (line.startsWith("Caused by: ")) {
                chain.add(line.substring("Caused by: ".length()).strip());
            }
        }
        return chain.stream().filter(l -> l.startsWith("com.botbuddy.")).findFirst().orElse(chain.get(chain.size() - 1));
    }

    /** {@code com.x.SomeException: what happened} as {@code what happened}. */
    private static String withoutClassName(String line) {
        return line.replaceFirst("^[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error): ", "");
    }
}
