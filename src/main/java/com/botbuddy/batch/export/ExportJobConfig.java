package com.botbuddy.batch.export;

import java.util.List;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.history.LeadHistory;
import com.botbuddy.batch.ops.ProgressUnit;

/**
 * The export job: every page of leads, then every page of non-leads, staged by chat id in the job
 * repository's database, then the staged leads recorded in the lead history (a complete export only), then the
 * reports written from the staged chats and the history, then the staging cleared.
 *
 * <pre>
 * export = fetchLeads → fetchNonLeads → recordHistory → report → clearStaging
 * </pre>
 *
 * A restart of an export an older build began reads every page again ({@link StagingLayoutCheck}).
 */
@Configuration(proxyBeanMethods = false)
public class ExportJobConfig {
    public static final String JOB_NAME = "export";
    static final String FETCH_LEADS = "fetchLeads";
    static final String FETCH_NON_LEADS = "fetchNonLeads";
    static final String RECORD_HISTORY = "recordHistory";
    static final String REPORT = "report";

    @Bean
    Job exportJob(JobRepository jobRepository, StagedChats staged, AbstractStep fetchLeads,
            AbstractStep fetchNonLeads, Step recordHistory, Step report, Step clearStaging) {
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(new StagingLayoutCheck(staged, jobRepository, List.of(fetchLeads, fetchNonLeads)))
                .start(fetchLeads)
                .next(fetchNonLeads)
                .next(recordHistory)
                .next(report)
                .next(clearStaging)
                .build();
    }

    /** Pages per commit (botbuddy.export.pages-per-commit, default 20): a restart re-reads at most this many. */
    @Bean
    AbstractStep fetchLeads(JobRepository jobRepository, PlatformTransactionManager tx, ChatPageReader leadPageReader,
            PageStagingWriter pageStagingWriter, @Value("${botbuddy.export.pages-per-commit:20}") int pagesPerCommit) {
        return fetchStep(FETCH_LEADS, jobRepository, tx, leadPageReader, pageStagingWriter, pagesPerCommit);
    }

    @Bean
    AbstractStep fetchNonLeads(JobRepository jobRepository, PlatformTransactionManager tx,
            ChatPageReader nonLeadPageReader, PageStagingWriter pageStagingWriter,
            @Value("${botbuddy.export.pages-per-commit:20}") int pagesPerCommit) {
        return fetchStep(FETCH_NON_LEADS, jobRepository, tx, nonLeadPageReader, pageStagingWriter, pagesPerCommit);
    }

    /** A fetch step: pages read, a chunk of them staged per commit. A scale-out worker's partitions are such steps. */
    public static AbstractStep fetchStep(String name, JobRepository jobRepository, PlatformTransactionManager tx,
            ChatPageReader reader, PageStagingWriter writer, int pagesPerCommit) {
        return new StepBuilder(name, jobRepository)
                .<ChatPage, ChatPage>chunk(pagesPerCommit)
                .transactionManager(tx)
                .reader(reader)
                .writer(writer)
                .listener(ProgressUnit.pages())
                .build();
    }

    @Bean
    @StepScope
    ChatPageReader leadPageReader(InboxApi api, StagedChats staged, @Value("#{stepExecution}") StepExecution step) {
        return new ChatPageReader(api, ExportParameters.from(step.getJobParameters()), ChatType.LEAD,
                type -> staged.lastStagedPage(StagingKey.of(instanceId(step)), type));
    }

    @Bean
    @StepScope
    ChatPageReader nonLeadPageReader(InboxApi api, StagedChats staged, @Value("#{stepExecution}") StepExecution step) {
        return new ChatPageReader(api, ExportParameters.from(step.getJobParameters()), ChatType.NON_LEAD,
                type -> staged.lastStagedPage(StagingKey.of(instanceId(step)), type));
    }

    private static long instanceId(StepExecution step) {
        return step.getJobExecution().getJobInstance().getInstanceId();
    }

    @Bean
    @StepScope
    PageStagingWriter pageStagingWriter(StagedChats staged, @Value("#{stepExecution}") StepExecution step) {
        return new PageStagingWriter(staged, StagingKey.of(instanceId(step)));
    }

    /** One transaction: the snapshot's rows and its date's marker commit with the step, or not at all. */
    @Bean
    Step recordHistory(JobRepository jobRepository, PlatformTransactionManager tx, RecordHistoryTasklet recordHistoryTasklet) {
        return new StepBuilder(RECORD_HISTORY, jobRepository).tasklet(recordHistoryTasklet, tx)
                .listener(ProgressUnit.chats()).build();
    }

    @Bean
    @StepScope
    RecordHistoryTasklet recordHistoryTasklet(StagedChats staged, LeadHistory history,
            @Value("#{stepExecution}") StepExecution step) {
        return new RecordHistoryTasklet(staged, history, ExportParameters.from(step.getJobParameters()), 0);
    }

    @Bean
    Step report(JobRepository jobRepository, PlatformTransactionManager tx, ReportTasklet reportTasklet) {
        return new StepBuilder(REPORT, jobRepository).tasklet(reportTasklet, tx).listener(ProgressUnit.chats())
                .build();
    }

    @Bean
    @StepScope
    ReportTasklet reportTasklet(StagedChats staged, LeadHistory history, @Value("#{stepExecution}") StepExecution step) {
        return new ReportTasklet(staged, history, ExportParameters.from(step.getJobParameters()), 0);
    }

    @Bean
    Step clearStaging(JobRepository jobRepository, PlatformTransactionManager tx, StagedChats staged) {
        return new StepBuilder("clearStaging", jobRepository).tasklet((contribution, chunkContext) -> {
            long instanceId = chunkContext.getStepContext().getStepExecution().getJobExecution().getJobInstance()
                    .getInstanceId();
            contribution.incrementWriteCount(staged.drop(instanceId));
            return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
        }, tx).listener(ProgressUnit.chats()).build();
    }
}
