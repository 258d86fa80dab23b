package com.botbuddy.batch.ops;

import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * What a step's progress counts ({@code pages}, {@code chats}, {@code rows}), for the progress display: a
 * listener on the step that names its unit in the step's execution context. A step that knows how many items
 * it will handle says so with {@link #total}, and the display shows the share done.
 */
public record ProgressUnit(String unit) implements StepExecutionListener {
    static final String UNIT_KEY = "progress.unit";
    static final String TOTAL_KEY = "progress.total";

    public static ProgressUnit pages() {
        return new ProgressUnit("pages");
    }

    public static ProgressUnit chats() {
        return new ProgressUnit("chats");
    }

    public static ProgressUnit rows() {
        return new ProgressUnit("rows");
    }

    @Override
    public void beforeStep(StepExecution step) {
        step.getExecutionContext().putString(UNIT_KEY, unit);
    }

    /** Tells the progress display how many items the running step will handle in all. */
    public static void total(StepExecution step, long total) {
        step.getExecutionContext().putLong(TOTAL_KEY, total);
    }

    static String unitOf(StepExecution step) {
        return step.getExecutionContext().getString(UNIT_KEY, "items");
    }

    /** The step's total, or -1 when it is not known. */
    static long totalOf(StepExecution step) {
        return step.getExecutionContext().getLong(TOTAL_KEY, -1L);
    }
}
