package com.botbuddy.batch.history;

import java.time.LocalDate;
import java.util.List;

/**
 * The figures over time of one bot's and customer's lead history, as of one export date. Days are whole days
 * between export dates; percentiles are by nearest rank (the value at rank {@code ceil(p/100 * n)} of the sorted
 * stays).
 *
 * @param asOf        the export date the figures are as of: what was recorded later does not count, and a stay
 *                    not ended by then counts up to it
 * @param sinceDays   the transitions counted are those dated after {@code asOf - sinceDays}, up to {@code asOf}
 * @param exportDates the export dates recorded up to {@code asOf}, oldest first; empty when there is no history yet
 * @param statusTimes time in each status, statuses that had a stay only
 * @param transitions status changes in the window, the most frequent first
 * @param aging       leads open as of {@code asOf} (any status but CLOSED) by days since they became open, four
 *                    buckets always
 * @param funnel      the funnel's lead stages on each export date
 */
public record HistoryFigures(LocalDate asOf, int sinceDays, List<LocalDate> exportDates, List<StatusTime> statusTimes,
        List<Transition> transitions, List<Aging> aging, List<DatedFunnel> funnel) {

    /** How a blank status is named in the figures. */
    public static final String BLANK_STATUS = "(blank)";
    /** The aging buckets, in order: days since the lead became open. */
    public static final List<String> AGE_BUCKETS = List.of("0-1", "2-7", "8-30", "30+");

    public HistoryFigures {
        exportDates = List.copyOf(exportDates);
        statusTimes = List.copyOf(statusTimes);
        transitions = List.copyOf(transitions);
        aging = List.copyOf(aging);
        funnel = List.copyOf(funnel);
    }

    /** Whether any export was recorded up to {@link #asOf}. */
    public boolean hasHistory() {
        return !exportDates.isEmpty();
    }

    /** The first day of the transitions' window. */
    public LocalDate windowStart() {
        return asOf.minusDays(sinceDays - 1L);
    }

    /**
     * Time in one status. A stay is an unbroken run of export dates in that status; it begins at the first
     * export that saw it (for leads already there at the first export recorded: that export).
     *
     * @param stays      stays counted
     * @param ongoing    stays not ended by {@code asOf}, counted up to it
     * @param medianDays the median stay in days (nearest rank)
     * @param p90Days    the 90th percentile in days (nearest rank)
     */
    public record StatusTime(String status, long stays, long ongoing, long medianDays, long p90Days) {
    }

    /** How many status changes from one status to another the window holds. */
    public record Transition(String from, String to, long count) {
    }

    public record Aging(String bucket, long openLeads) {
    }

    /**
     * The funnel's lead stages on one export date, with the report's definitions: worked (status set and not
     * OPEN) and closed counted among contactable leads.
     */
    public record DatedFunnel(LocalDate date, long leads, long contactable, long worked, long closed) {
    }
}
