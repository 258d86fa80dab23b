package com.botbuddy.batch.remote;

import javax.sql.DataSource;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.transaction.PlatformTransactionManager;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.export.ChatPageReader;
import com.botbuddy.batch.export.ExportJobConfig;
import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.export.PageStagingWriter;
import com.botbuddy.batch.export.PagesInFlight;
import com.botbuddy.batch.export.StagedChats;
import com.botbuddy.batch.export.StagingKey;

/**
 * A worker ({@code botbuddy.remote.role=worker}): takes partition requests from the broker's queue, {@value
 * WorkerControl#DEFAULT_PARTITIONS} at a time unless told otherwise, and runs each as the step {@value #FETCH_PARTITION}:
 * one stripe of one listing of one target, staged for that target's report exactly as a local export's fetch step
 * stages it. The partitions running at once share {@link PagesInFlight}: the worker never has more than a run's
 * {@code --concurrency} pages on their way, and the next partition keeps them busy while the last one ends.
 * <pre>
 * queue → PartitionRequests → fetchPartition = page reader (stripe) → staging writer (target)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "botbuddy.remote.role", havingValue = "worker")
class WorkerConfig {
    static final String FETCH_PARTITION = "fetchPartition";

    @Bean
    Step fetchPartition(JobRepository jobRepository, PlatformTransactionManager tx, ChatPageReader stripeReader,
            PageStagingWriter targetStagingWriter, PartitionRequests partitionRequests,
            @Value("${botbuddy.export.pages-per-commit:20}") int pagesPerCommit) {
        AbstractStep step = ExportJobConfig.fetchStep(FETCH_PARTITION, jobRepository, tx, stripeReader,
                targetStagingWriter, pagesPerCommit);
        step.registerStepExecutionListener(partitionRequests);
        return step;
    }

    @Bean
    @StepScope
    ChatPageReader stripeReader(InboxApi api, StagedChats staged, PagesInFlight pagesInFlight,
            @Value("#{stepExecution}") StepExecution step) {
        var context = step.getExecutionContext();
        ExportParameters params = ExportPartitioner.targetParameters(step);
        StagingKey key = stagingKey(step);
        int stripe = context.getInt(ExportPartitioner.STRIPE);
        int stripes = context.getInt(ExportPartitioner.STRIPES);
        return ChatPageReader.stripe(api, params, ChatType.fromApiValue(context.getString(ExportPartitioner.TYPE)),
                type -> staged.lastStagedPage(key, type, params.firstPage(), stripe, stripes), stripe, stripes,
                pagesInFlight);
    }

    @Bean
    PagesInFlight pagesInFlight() {
        return new PagesInFlight();
    }

    @Bean
    @StepScope
    PageStagingWriter targetStagingWriter(StagedChats staged, @Value("#{stepExecution}") StepExecution step) {
        return new PageStagingWriter(staged, stagingKey(step));
    }

    static StagingKey stagingKey(StepExecution step) {
        return new StagingKey(step.getJobExecution().getJobInstance().getInstanceId(),
                step.getExecutionContext().getInt(ExportPartitioner.TARGET));
    }

    @Bean
    PartitionRequests partitionRequests(JobRepository jobRepository, DataSource dataSource, BeanFactory beans) {
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator(); // the step is looked up per request, not now
        steps.setBeanFactory(beans);
        return new PartitionRequests(jobRepository, dataSource, FETCH_PARTITION, steps);
    }

    @Bean
    WorkerControl workerControl(PartitionRequests partitionRequests) {
        return new WorkerControl(partitionRequests);
    }

    /**
     * One consumer per partition run at once, each taking one request at a time (prefetch 1), acknowledged when
     * the handler returns: after the partition's step ended. A request whose worker dies unacknowledged goes back
     * to the queue for another.
     */
    @Bean
    SimpleMessageListenerContainer partitionRequestListener(CachingConnectionFactory brokerConnections,
            RabbitAdmin brokerAdmin, @Value("${botbuddy.remote.queue:" + Broker.DEFAULT_QUEUE + "}") String queue,
            @Value("${botbuddy.remote.partitions-at-once:" + WorkerControl.DEFAULT_PARTITIONS + "}") int partitionsAtOnce) {
        Broker.declare(brokerAdmin, queue);
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(brokerConnections);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setPrefetchCount(1);
        container.setConcurrentConsumers(partitionsAtOnce);
        container.setDefaultRequeueRejected(true);
        container.setMissingQueuesFatal(false);
        container.setShutdownTimeout(Long.MAX_VALUE / 2); // a partition asked to end finishes its chunk first
        return container;
    }

    @Bean
    IntegrationFlow partitionRequestFlow(SimpleMessageListenerContainer partitionRequestListener,
            PartitionRequests partitionRequests) {
        return IntegrationFlow.from(Amqp.inboundAdapter(partitionRequestListener))
                .handle(String.class, (body, headers) -> {
                    partitionRequests.handle(body);
                    return null;
                })
                .get();
    }
}
