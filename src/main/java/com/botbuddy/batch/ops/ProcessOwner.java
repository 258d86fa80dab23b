package com.botbuddy.batch.ops;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Records which process runs an execution (host and PID in the job's execution context) so that a later
 * command can tell a live run from one whose JVM was killed, and recover the dead one without manual SQL.
 */
@Component
public class ProcessOwner implements JobExecutionListener {
    static final String HOST_KEY = "owner.host";
    static final String PID_KEY = "owner.pid";

    private final JobRepository jobRepository;

    public ProcessOwner(JobRepository jobRepository) {
        this.jobRepository = jobRepository;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext ec = jobExecution.getExecutionContext();
        ec.putString(HOST_KEY, thisHost());
        ec.putLong(PID_KEY, ProcessHandle.current().pid());
        jobRepository.updateExecutionContext(jobExecution); // persisted now: a kill -9 mid-step must find it
    }

    /** Whether the process that started this execution is known to be gone. */
    public static boolean isDead(JobExecution execution) {
        return isDead(execution.getExecutionContext().toMap(), execution.getStartTime() != null);
    }

    /**
     * Whether the process recorded in an execution's context (read by {@link JobRunner} or straight from the
     * tables by {@link StopRequest}) is known to be gone.
     */
    static boolean isDead(Map<String, Object> context, boolean started) {
        if (!(context.get(PID_KEY) instanceof Long pid) || !(context.get(HOST_KEY) instanceof String host)) {
            // started before ownership was recorded (or died before beforeJob ran): no process can own it
            return !started || context.isEmpty();
        }
        if (!thisHost().equals(host)) {
            return false; // another machine's process: cannot tell, assume alive
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        return handle.isEmpty() || !handle.get().isAlive() || pid == ProcessHandle.current().pid();
    }

    public static String describe(JobExecution execution) {
        ExecutionContext ec = execution.getExecutionContext();
        return ec.containsKey(PID_KEY) ? "pid " + ec.getLong(PID_KEY) + " on " + ec.getString(HOST_KEY) : "unknown process";
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
