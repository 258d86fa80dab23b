package com.botbuddy.batch.remote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.export.ExportParameters;

/**
 * The partition plan of a remote export: one partition per target, listing and stripe, named
 * {@code t<target>.<type>.<stripe>of<stripes>} (e.g. {@code t3.lead.1of2}). Each partition's context says what
 * its worker reads. A restart keeps the first run's partitions: Spring Batch asks this plan only once.
 */
final class ExportPartitioner implements Partitioner {
    static final String TARGET = "target";
    static final String BOT_ID = "botId";
    static final String CUSTOMER_ID = "customerId";
    static final String TYPE = "chatType";
    static final String STRIPE = "stripe";
    static final String STRIPES = "stripes";

    private final JobParameters parameters;

    ExportPartitioner(JobParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        List<RemoteExport.Target> targets = RemoteExport.targets(parameters);
        int stripes = RemoteExport.stripes(parameters);
        Map<String, ExecutionContext> plan = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            RemoteExport.Target target = targets.get(t);
            ExportParameters params = ExportParameters.forTarget(parameters, target.botId(), target.customerId());
            for (ChatType type : params.types()) {
                for (int s = 0; s < stripes; s++) {
                    ExecutionContext context = targetContext(t + 1, target);
                    context.putString(TYPE, type.apiValue());
                    context.putInt(STRIPE, s);
                    context.putInt(STRIPES, stripes);
                    plan.put("t" + (t + 1) + "." + type.apiValue() + "." + (s + 1) + "of" + stripes, context);
                }
            }
        }
        return plan;
    }

    /** One partition per target for the reports, named {@code t<target>}. */
    static Partitioner reports(JobParameters parameters) {
        return gridSize -> {
            List<RemoteExport.Target> targets = RemoteExport.targets(parameters);
            Map<String, ExecutionContext> plan = new LinkedHashMap<>();
            for (int t = 0; t < targets.size(); t++) {
                plan.put("t" + (t + 1), targetContext(t + 1, targets.get(t)));
            }
            return plan;
        };
    }

    /** The export parameters of the target a partition's step works for. */
    static ExportParameters targetParameters(StepExecution partition) {
        ExecutionContext context = partition.getExecutionContext();
        return ExportParameters.forTarget(partition.getJobParameters(), context.getString(BOT_ID),
                context.getString(CUSTOMER_ID));
    }

    /** What every partition of target number {@code number} says of its target. */
    private static ExecutionContext targetContext(int number, RemoteExport.Target target) {
        ExecutionContext context = new ExecutionContext();
        context.putInt(TARGET, number);
        context.putString(BOT_ID, target.botId());
        context.putString(CUSTOMER_ID, target.customerId());
        return context;
    }
}
