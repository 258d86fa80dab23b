package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;

class ProgressTest {
    private static StepExecution step(String name) {
        JobExecution job = new JobExecution(1L, new JobInstance(1L, "export"), new JobParameters());
        return new StepExecution(1L, name, job);
    }

    @Test
    void aStepsLineNamesWhatItCountsAndTheShareDoneWhenItKnowsItsTotal() {
        StepExecution report = step("report");
        ProgressUnit.chats().beforeStep(report);
        ProgressUnit.total(report, 2000);
        report.setWriteCount(500);
        assertThat(Progress.line(report, 2.0)).isEqualTo("progress report: 500 of 2000 chats (25%) done (250/s), 0 errors");
    }

    @Test
    void aStepWithoutATotalShowsItsCountInItsOwnUnit() {
        StepExecution fetch = step("fetchLeads");
        ProgressUnit.pages().beforeStep(fetch);
        fetch.setWriteCount(41);
        assertThat(Progress.line(fetch, 1.0)).isEqualTo("progress fetchLeads: 41 pages done (41/s), 0 errors");
    }

    @Test
    void aStepWithoutAUnitCountsItems() {
        StepExecution other = step("inspectInput");
        assertThat(Progress.line(other, 1.0)).startsWith("progress inspectInput: 0 items done");
    }
}
