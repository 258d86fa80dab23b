package com.botbuddy.batch.ops;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.ops.RunResult.Outcome;

/**
 * Launches, restarts and stops jobs the way an unattended tool must: a run whose process died is
 * recognised and recovered first, a live identical run is refused, a finished execution is reported in
 * operator terms, and SIGTERM / Ctrl-C stop the run gracefully after its current chunk.
 */
@Component
public class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    public static final String RUN_PARAMETER = "run";

    /** Spring property: the options {@link #restartCommand} adds (the command line sets it from its own). */
    public static final String RESTART_OPTIONS = "botbuddy.restart-options";

    private final JobOperator jobOperator;
    private final JobRepository jobRepository;
    private final RunLog runLog;
    private final String restartOptions;

    public JobRunner(JobOperator jobOperator, JobRepository jobRepository, RunLog runLog,
            @Value("${" + RESTART_OPTIONS + ":}") String restartOptions) {
        this.jobOperator = jobOperator;
        this.jobRepository = jobRepository;
        this.runLog = runLog;
        this.restartOptions = restartOptions == null ? "" : restartOptions.strip();
    }

    /**
     * Starts {@code job} with {@code parameters} (which must carry a Long {@code run} parameter, usually 1).
     * When {@code rerunCompleted} is set, an instance that already completed is not an error: the next
     * {@code run} number is used (an export for the same date is produced afresh). Otherwise an identical
     * completed instance is reported as {@link Outcome#ALREADY_COMPLETE}. A failed or stopped identical
     * instance is resumed (that is how Spring Batch treats the same parameters); an abandoned one, which cannot
     * be, is run afresh under the next {@code run} number when {@code rerunCompleted} is set.
     */
    public RunResult launch(Job job, JobParameters parameters, boolean rerunCompleted) {
        JobParameters params = parameters;
        while (true) {
            JobInstance instance = jobRepository.getJobInstance(job.getName(), params);
            if (instance == null) {
                break;
            }
            JobExecution last = jobRepository.getLastJobExecution(instance);
            if (last == null) {
                break;
            }
            if (last.getStatus() == BatchStatus.ABANDONED && rerunCompleted) {
                params = withRun(params, params.getLong(RUN_PARAMETER, 1L) + 1); // cannot be resumed: start afresh
                continue;
            }
            if (last.getStatus() == BatchStatus.COMPLETED) {
                if (!rerunCompleted) {
                    return new RunResult(Outcome.ALREADY_COMPLETE, last, "already completed as execution "
                            + last.getId() + " (" + JobParametersView.describe(params) + "); nothing to do");
                }
                params = withRun(params, params.getLong(RUN_PARAMETER, 1L) + 1);
                continue;
            }
            RunResult blocked = recoverIfDead(last);
            if (blocked != null) {
                return blocked;
            }
            break;
        }
        JobParameters chosen = params;
        return execute(() -> jobOperator.start(job, chosen), job.getName());
    }

    /** Restarts a FAILED, STOPPED or dead-process execution; a COMPLETED one is reported, not rerun. */
    public RunResult restart(long executionId) {
        JobExecution execution = find(executionId);
        if (execution == null) {
            return new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                    + " in the job repository (see: scripts/botbuddy jobs)");
        }
        JobInstance instance = execution.getJobInstance();
        JobExecution last = jobRepository.getLastJobExecution(instance);
        if (last != null && last.getId() != execution.getId()) {
            if (last.getStatus() == BatchStatus.COMPLETED) {
                return new RunResult(Outcome.ALREADY_COMPLETE, last, "execution " + executionId
                        + " was already restarted and completed as execution " + last.getId());
            }
            log.info("execution {} is not the latest of its instance; restarting the latest, {}", executionId,
                    last.getId());
            execution = last;
        }
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return new RunResult(Outcome.ALREADY_COMPLETE, execution, "execution " + execution.getId()
                    + " already completed; nothing to restart");
        }
        if (execution.getStatus() == BatchStatus.ABANDONED) {
            return new RunResult(Outcome.INVALID_INPUT, execution, "execution " + execution.getId()
                    + " was abandoned and cannot be restarted; launch the job again instead");
        }
        RunResult blocked = recoverIfDead(execution);
        if (blocked != null) {
            return blocked;
        }
        JobExecution toRestart = jobRepository.getJobExecution(execution.getId());
        return execute(() -> jobOperator.restart(toRestart), instance.getJobName());
    }

    /** The execution with this id, or {@code null} when the repository has none (it throws for a missing id). */
    public JobExecution find(long executionId) {
        try {
            return jobRepository.getJobExecution(executionId);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            return null;
        }
    }

    /** Asks a running execution (in this or another process) to stop after its current chunk. */
    public RunResult stop(long executionId) {
        JobExecution execution = find(executionId);
        if (execution == null) {
            return new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                    + " in the job repository (see: scripts/botbuddy jobs)");
        }
        if (!execution.isRunning()) {
            return new RunResult(Outcome.COMPLETED, execution, "execution " + executionId + " is not running ("
                    + execution.getStatus() + "); nothing to stop");
        }
        if (ProcessOwner.isDead(execution)) {
            recoverDead(execution);
            return new RunResult(Outcome.COMPLETED, execution, "execution " + executionId + " belonged to a process"
                    + " that is gone (" + ProcessOwner.describe(execution) + "); marked FAILED, restart it with: "
                    + restartCommand(executionId));
        }
        try {
            jobOperator.stop(execution);
        } catch (Exception e) {
            return new RunResult(Outcome.COMPLETED, execution, "execution " + executionId + " is not running: "
                    + e.getMessage());
        }
        return new RunResult(Outcome.COMPLETED, execution, "stop requested for execution " + executionId
                + "; it ends STOPPED after its current chunk and can be resumed with: " + restartCommand(executionId));
    }

    /**
     * Checks a not-finished execution: if its process is gone it is recovered (marked FAILED) so it can be
     * restarted; if it is alive (or its steps are still winding down) the launch is refused.
     */
    private RunResult recoverIfDead(JobExecution execution) {
        if (execution.isRunning()) {
            if (!ProcessOwner.isDead(execution)) {
                return new RunResult(Outcome.ALREADY_RUNNING, execution, "the same job is already running as execution "
                        + execution.getId() + " (" + ProcessOwner.describe(execution) + "); stop it with: "
                        + "scripts/botbuddy stop " + execution.getId());
            }
            log.warn("execution {} was left {} by a process that is gone ({}); recovering it", execution.getId(),
                    execution.getStatus(), ProcessOwner.describe(execution));
            System.out.println("execution " + execution.getId() + " was left running by a dead process ("
                    + ProcessOwner.describe(execution) + "); recovered it to resume");
            recoverDead(execution);
            return null;
        }
        List<StepExecution> stillRunning = execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.STARTED || s.getStatus() == BatchStatus.STOPPING).toList();
        if (!stillRunning.isEmpty() && !ProcessOwner.isDead(execution)) {
            return new RunResult(Outcome.ALREADY_RUNNING, execution, "execution " + execution.getId()
                    + " is still finishing its step " + stillRunning.get(0).getStepName() + "; try again in a moment");
        }
        if (!stillRunning.isEmpty()) {
            recoverDead(execution);
        }
        return null;
    }

    /**
     * Marks an execution whose process is gone FAILED, as Spring Batch's recover does, and gives it (and each step
     * it leaves running) the exit code FAILED with the reason: recover alone leaves the exit code UNKNOWN, which
     * {@code jobs} would show beside the FAILED status.
     */
    private void recoverDead(JobExecution execution) {
        ExitStatus gone = ExitStatus.FAILED.addExitDescription("its process is gone ("
                + ProcessOwner.describe(execution) + ")");
        if (execution.isRunning()) {
            execution.setExitStatus(gone);
        }
        execution.getStepExecutions().stream().filter(step -> step.getStatus().isRunning())
                .forEach(step -> step.setExitStatus(gone));
        jobOperator.recover(execution);
    }

    private interface Launch {
        JobExecution run() throws Exception;
    }

    private RunResult execute(Launch launch, String jobName) {
        StopOnSignal signals = StopOnSignal.install(jobRepository, runLog);
        try {
            JobExecution finished = launch.run();
            return FailureAnalysis.of(finished, restartCommand(finished.getId()));
        } catch (JobExecutionAlreadyRunningException e) {
            return new RunResult(Outcome.ALREADY_RUNNING, null, "the same " + jobName + " job is already running: "
                    + e.getMessage());
        } catch (JobInstanceAlreadyCompleteException e) {
            return new RunResult(Outcome.ALREADY_COMPLETE, null, e.getMessage());
        } catch (Exception e) {
            SupportLog.record(jobName + " could not be launched", e); // the console gets one line below
            InvalidInputException invalid = FailureAnalysis.find(e, InvalidInputException.class);
            if (invalid != null) {
                return new RunResult(Outcome.INVALID_INPUT, null, invalid.getMessage());
            }
            if (e instanceof org.springframework.batch.core.job.parameters.InvalidJobParametersException) {
                return new RunResult(Outcome.INVALID_INPUT, null, "cannot launch " + jobName + ": "
                        + FailureAnalysis.describe(e));
            }
            // not the operator's input: say what broke; a rerun (or restart, if an execution exists) may succeed
            return new RunResult(Outcome.FAILED, null, jobName + " failed: " + FailureAnalysis.describe(e)
                    + "\nsee 'scripts/botbuddy jobs' for a restartable execution");
        } finally {
            signals.uninstall();
        }
    }

    /** Whether SIGTERM or Ctrl-C asked this process to stop while a job ran (callers then start nothing more). */
    public static boolean stopSignalled() {
        return StopOnSignal.signalled();
    }

    /** The command that resumes an execution, with the options that found its job repository and API. */
    public String restartCommand(long executionId) {
        return restartCommand(executionId, restartOptions);
    }

    /** The command that resumes an execution, with the options that find its repository and API again. */
    public static String restartCommand(long executionId, String restartOptions) {
        return "scripts/botbuddy restart " + executionId + (restartOptions.isEmpty() ? "" : " " + restartOptions);
    }

    static JobParameters withRun(JobParameters params, long run) {
        return new JobParametersBuilder(params).addLong(RUN_PARAMETER, run, true).toJobParameters();
    }
}
