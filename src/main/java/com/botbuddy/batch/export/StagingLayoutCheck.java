package com.botbuddy.batch.export;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Lets an export execution read back only staging laid out the way this build writes it. The page reader
 * saves {@link #LAYOUT} with its cursor, in the transaction that stages the pages. A fetch step whose saved
 * cursor carries no layout, or another one, belongs to an export an older build began: when such an export
 * is restarted, its staging is cleared and the fetch steps read every page again, those that had completed
 * included. Once the report step has completed, nothing reads the staging any more, and the clearing step
 * that may remain drops it whatever its layout.
 * <p>
 * Spring Batch passes over a completed step on restart unless the step allows a start when complete, so
 * the fetch steps allow it for exactly the executions that cleared the staging (set anew as each
 * execution begins; a process runs one export execution at a time).
 */
final class StagingLayoutCheck implements JobExecutionListener {
    /** The key of the layout in a fetch step's execution context. */
    static final String KEY = "staging.layout";
    /**
     * The layout of the staging this build writes ({@link StagingTables}, {@link StagedRun}, {@link PageSpool}):
     * raised whenever that changes, so that a restart never reads staging it cannot.
     */
    static final int LAYOUT = 1;
    private static final Logger log = LoggerFactory.getLogger(StagingLayoutCheck.class);

    private final StagedChats staged;
    private final JobRepository jobRepository;
    private final List<AbstractStep> fetchSteps;

    StagingLayoutCheck(StagedChats staged, JobRepository jobRepository, List<AbstractStep> fetchSteps) {
        this.staged = staged;
        this.jobRepository = jobRepository;
        this.fetchSteps = fetchSteps;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        JobInstance instance = execution.getJobInstance();
        boolean olderLayout = !reportCompleted(instance)
                && fetchSteps.stream().anyMatch(step -> savedByOlderBuild(instance, step.getName()));
        if (olderLayout) {
            long copies = staged.drop(instance.getInstanceId());
            log.info("export instance {} was begun by an older build: its staging ({} chats) is cleared and every"
                    + " page read again", instance.getInstanceId(), copies);
        }
        fetchSteps.forEach(step -> step.setAllowStartIfComplete(olderLayout));
    }

    private boolean reportCompleted(JobInstance instance) {
        StepExecution report = jobRepository.getLastStepExecution(instance, ExportJobConfig.REPORT);
        return report != null && report.getStatus() == BatchStatus.COMPLETED;
    }

    /** Whether the step's last execution saved a cursor without this build's layout. */
    private boolean savedByOlderBuild(JobInstance instance, String stepName) {
        StepExecution last = jobRepository.getLastStepExecution(instance, stepName);
        if (last == null) {
            return false;
        }
        ExecutionContext ec = last.getExecutionContext();
        return ec.containsKey(ChatPageReader.NEXT_PAGE) && !Integer.valueOf(LAYOUT).equals(ec.get(KEY));
    }
}
