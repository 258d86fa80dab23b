package com.botbuddy.batch.export;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.history.LeadHistory;
import com.botbuddy.batch.history.LeadState;

/**
 * Records tonight's leads in the lead history ({@link LeadHistory}), streaming the staged leads into it, before
 * the report so that the report's figures over time include tonight. Only a complete export is recorded (both
 * listings, every page: {@link ExportParameters#complete()}); one of a single listing would read as every lead
 * of the other gone.
 * <p>
 * The snapshot is applied in the step's own transaction, so the rows and the date's marker commit together or
 * not at all. A restart that runs the step again records the same date again, which replaces it
 * ({@link LeadHistory.SameDate#REPLACE}) with the same staged leads: the same rows, none twice.
 */
public class RecordHistoryTasklet implements Tasklet {
    private static final Logger log = LoggerFactory.getLogger(RecordHistoryTasklet.class);
    static final String OUTCOME = "history.outcome";

    private final StagedChats staged;
    private final LeadHistory history;
    private final ExportParameters params;
    private final int target;

    /** {@code target}: the target's number within a scale-out run ({@link StagingKey}), 0 for a local export. */
    public RecordHistoryTasklet(StagedChats staged, LeadHistory history, ExportParameters params, int target) {
        this.staged = staged;
        this.history = history;
        this.params = params;
        this.target = target;
    }

    /** The staged leads, from the leads' pages alone (the non-leads' are not read), each counted as it passes. */
    private void stagedLeads(StagingKey key, Consumer<LeadState> sink, Runnable counted) {
        staged.forEachLatest(key, ChatType.LEAD, chat -> {
            counted.run();
            LeadState lead = LeadState.of(chat.chat());
            if (lead != null) {
                sink.accept(lead);
            }
        });
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        if (!params.complete()) {
            log.info("lead history: not recorded, --type {} reads one listing only", params.type());
            step.getExecutionContext().putString(OUTCOME, "not recorded (--type " + params.type() + ")");
            return RepeatStatus.FINISHED;
        }
        StagingKey key = new StagingKey(step.getJobExecution().getJobInstance().getInstanceId(), target);
        long[] read = { 0 };
        int[] passes = { 0 }; // a night with leads missing reads the snapshot twice: count the first pass only
        LeadHistory.Recorded recorded = history.record(params.botId(), params.customerId(), params.date(),
                LeadHistory.Source.EXPORT, LeadHistory.SameDate.REPLACE, sink -> {
                    passes[0]++;
                    stagedLeads(key, sink, passes[0] == 1 ? () -> {
                        if (++read[0] % 1_000 == 0) {
                            step.setWriteCount(read[0]); // live, for the progress display: leads gone through
                        }
                    } : () -> { });
                });
        step.setWriteCount(read[0]);
        String outcome = switch (recorded.outcome()) {
            case SKIPPED_OLDER -> "not recorded: older than " + recorded.latest();
            case SKIPPED_RECORDED -> "already recorded";
            case RECORDED, REPLACED -> (recorded.outcome() == LeadHistory.Outcome.REPLACED ? "replaced " : "recorded ")
                    + recorded.leads() + " leads, " + recorded.opened() + " rows opened, " + recorded.closed()
                    + " closed";
        };
        step.getExecutionContext().putString(OUTCOME, outcome);
        log.info("lead history of {}: {}", params.date(), outcome);
        return RepeatStatus.FINISHED;
    }
}
