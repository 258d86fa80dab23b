package com.botbuddy.batch.export;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Drops staging that no run can use any more, so a database that serves nightly exports does not fill up
 * with the pages of exports that failed and were never finished (a million chats stage about a gigabyte):
 * <ul>
 * <li>staging whose job instance is gone, or whose last execution completed or was abandoned (a completed
 *     export drops its own staging as its last step; this catches one killed just before);</li>
 * <li>staging of an export that failed or stopped more than {@code botbuddy.export.keep-failed-staging}
 *     (default 7 days) ago: that execution is marked ABANDONED first, so it can no longer be restarted
 *     with part of its pages gone; launching the same export again starts it afresh.</li>
 * </ul>
 * Running and recently failed exports are left alone. Run before each export is launched.
 */
@Component
public class StaleStaging {
    private static final Logger log = LoggerFactory.getLogger(StaleStaging.class);

    private final StagedChats staged;
    private final JobRepository jobRepository;
    private final Duration keepFailed;

    public StaleStaging(StagedChats staged, JobRepository jobRepository,
            @Value("${botbuddy.export.keep-failed-staging:7d}") Duration keepFailed) {
        this.staged = staged;
        this.jobRepository = jobRepository;
        this.keepFailed = keepFailed;
    }

    /** Drops what is stale as of {@code now}; returns one line per job instance whose staging was dropped. */
    public List<String> purge(LocalDateTime now) {
        List<String> dropped = new ArrayList<>();
        for (long instanceId : staged.stagedInstances()) {
            String why = staleBecause(instanceId, now);
            if (why != null) {
                long copies = staged.drop(instanceId);
                dropped.add("dropped the staging of export instance " + instanceId + " (" + copies + " chats): " + why);
            }
        }
        dropped.forEach(log::info);
        return dropped;
    }

    private String staleBecause(long instanceId, LocalDateTime now) {
        JobInstance instance = jobRepository.getJobInstance(instanceId);
        if (instance == null) {
            return "its job instance is gone";
        }
        JobExecution last = jobRepository.getLastJobExecution(instance);
        if (last == null) {
            return null; // being created right now
        }
        BatchStatus status = last.getStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            return "execution " + last.getId() + " is " + status;
        }
        boolean ended = status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
        LocalDateTime endTime = last.getEndTime();
        if (!ended || endTime == null || !endTime.plus(keepFailed).isBefore(now)) {
            return null;
        }
        last.setStatus(BatchStatus.ABANDONED);
        last.setExitStatus(last.getExitStatus().and(new ExitStatus(ExitStatus.FAILED.getExitCode(),
                "abandoned: staging older than " + keepFailed.toDays() + " days dropped")));
        jobRepository.update(last);
        return "execution " + last.getId() + " " + status + " at " + endTime.withNano(0)
                + ", more than " + keepFailed.toDays() + " days ago; marked ABANDONED";
    }
}
