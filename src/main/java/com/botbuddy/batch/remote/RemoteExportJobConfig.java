package com.botbuddy.batch.remote;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.transaction.PlatformTransactionManager;

import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.export.RecordHistoryTasklet;
import com.botbuddy.batch.export.ReportTasklet;
import com.botbuddy.batch.export.StagedChats;
import com.botbuddy.batch.export.StagingKey;
import com.botbuddy.batch.history.LeadHistory;
import com.botbuddy.batch.ops.ProgressUnit;

/**
 * The export over many targets, spread across workers ({@code botbuddy.remote.role=manager}): one job instance
 * whose fetch is partitioned by target, listing and stripe ({@link ExportPartitioner}) and run by the workers
 * through Spring Batch's remote partitioning over RabbitMQ, then each target's history and reports, written here
 * once every partition completed, one target after the other.
 *
 * <pre>
 * remoteExport = fetch (manager: requests → broker → workers' fetchPartition; waits on the job repository)
 *              → reports (per target: recordHistory + report + clear its staging)
 * </pre>
 *
 * A restart runs again only the partitions, and the targets' reports, that did not complete.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "botbuddy.remote.role", havingValue = "manager")
class RemoteExportJobConfig {
    static final String TARGET_REPORT = "targetReport";

    @Bean
    Job remoteExportJob(JobRepository jobRepository, Step fetch, Step reports) {
        return new JobBuilder(RemoteExport.JOB_NAME, jobRepository)
                .start(fetch)
                .next(reports)
                .build();
    }

    /** Sends one request per partition and waits, polling the job repository, until each has ended. */
    @Bean
    Step fetch(JobRepository jobRepository, DirectChannel partitionRequests, Partitioner exportPartitioner,
            RabbitAdmin brokerAdmin, @Value("${botbuddy.remote.lost-after:5m}") Duration lostAfter,
            @Value("${botbuddy.remote.poll-interval:500ms}") Duration poll,
            @Value("${botbuddy.remote.queue:" + Broker.DEFAULT_QUEUE + "}") String queue) {
        return new RemotePartitioningManagerStepBuilder("fetch", jobRepository)
                .partitioner(WorkerConfig.FETCH_PARTITION, exportPartitioner)
                .outputChannel(partitionRequests)
                .pollInterval(poll.toMillis())
                .listener(new LostPartitions(jobRepository, WorkerConfig.FETCH_PARTITION, lostAfter, poll, queue,
                        () -> Broker.consumers(brokerAdmin, queue)))
                .aggregator((manager, partitions) -> {
                    manager.setWriteCount(0); // the live count LostPartitions kept: the partitions' sum replaces it
                    new DefaultStepExecutionAggregator().aggregate(manager, partitions);
                })
                .listener(new PartitionFailures(jobRepository, WorkerConfig.FETCH_PARTITION))
                .listener(ProgressUnit.pages())
                .build();
    }

    @Bean
    @StepScope
    Partitioner exportPartitioner(@Value("#{stepExecution}") StepExecution step) {
        return new ExportPartitioner(step.getJobParameters());
    }

    @Bean
    DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    /**
     * Each request as a persistent message on the durable queue: it outlives a broker restart. The queue is
     * declared before the first request (a broker that is down fails the step, not the start), once: it is durable.
     */
    @Bean
    IntegrationFlow partitionRequestsToBroker(DirectChannel partitionRequests, CachingConnectionFactory brokerConnections,
            RabbitAdmin brokerAdmin, @Value("${botbuddy.remote.queue:" + Broker.DEFAULT_QUEUE + "}") String queue) {
        RabbitTemplate template = new RabbitTemplate(brokerConnections);
        AtomicBoolean declared = new AtomicBoolean();
        return IntegrationFlow.from(partitionRequests)
                .transform(StepExecutionRequest.class, request -> {
                    if (!declared.get()) {
                        Broker.declare(brokerAdmin, queue);
                        declared.set(true);
                    }
                    return PartitionRequests.body(request);
                })
                .handle(Amqp.outboundAdapter(template).routingKey(queue))
                .get();
    }

    /** The targets' reports, one after the other, each once all its partitions completed. */
    @Bean
    Step reports(JobRepository jobRepository, Step targetReport, Partitioner reportPartitioner) {
        return new StepBuilder("reports", jobRepository)
                .partitioner(TARGET_REPORT, reportPartitioner)
                .step(targetReport)
                .build();
    }

    @Bean
    @StepScope
    Partitioner reportPartitioner(@Value("#{stepExecution}") StepExecution step) {
        return ExportPartitioner.reports(step.getJobParameters());
    }

    /** As a local export's recordHistory, report and clearStaging steps, for one target, in one transaction. */
    @Bean
    Step targetReport(JobRepository jobRepository, PlatformTransactionManager tx, StagedChats staged,
            LeadHistory history) {
        return new StepBuilder(TARGET_REPORT, jobRepository).tasklet((contribution, chunkContext) -> {
            StepExecution step = chunkContext.getStepContext().getStepExecution();
            int target = step.getExecutionContext().getInt(ExportPartitioner.TARGET);
            ExportParameters params = ExportPartitioner.targetParameters(step);
            new RecordHistoryTasklet(staged, history, params, target).execute(contribution, chunkContext);
            new ReportTasklet(staged, history, params, target).execute(contribution, chunkContext);
            staged.drop(new StagingKey(step.getJobExecution().getJobInstance().getInstanceId(), target));
            return RepeatStatus.FINISHED;
        }, tx).listener(ProgressUnit.chats()).build();
    }
}
