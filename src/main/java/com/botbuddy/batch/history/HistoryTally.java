package com.botbuddy.batch.history;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.history.HistoryFigures.Aging;
import com.botbuddy.batch.history.HistoryFigures.DatedFunnel;
import com.botbuddy.batch.history.HistoryFigures.StatusTime;
import com.botbuddy.batch.history.HistoryFigures.Transition;

/**
 * Counts the figures over time from history rows that arrive ordered by lead, then by {@code VALID_FROM}. It
 * keeps one lead's last row and counters only: stays as a count per status and length in days (a length is at
 * most the days the history spans), transitions per pair of statuses, open leads per bucket, and the funnel as
 * changes per export date. Its memory does not grow with the number of leads.
 */
final class HistoryTally {
    private static final String CLOSED = LeadStatus.CLOSED.name();
    private static final String OPEN = LeadStatus.OPEN.name();

    /** One history row; {@code validTo} {@code null} while current. */
    record Row(String leadId, LocalDate validFrom, LocalDate validTo, String status, boolean contactable) {
    }

    private final LocalDate asOf;
    private final LocalDate windowStart;
    private final int sinceDays;
    private final Map<String, TreeMap<Long, Long>> stays = new HashMap<>();
    private final Map<String, Long> ongoing = new HashMap<>();
    private final Map<List<String>, Long> transitions = new HashMap<>();
    private final long[] aging = new long[HistoryFigures.AGE_BUCKETS.size()];
    /** Per date, the change in leads, contactable, worked and closed valid that day. */
    private final TreeMap<LocalDate, long[]> funnelChanges = new TreeMap<>();

    private String lead;
    private Row previous;
    private LocalDate previousTo;
    private String stayStatus;
    private LocalDate stayStart;
    private LocalDate stayEnd;
    private LocalDate openSince;

    HistoryTally(LocalDate asOf, int sinceDays) {
        this.asOf = asOf;
        this.sinceDays = sinceDays;
        this.windowStart = asOf.minusDays(sinceDays - 1L);
    }

    void add(Row row) {
        if (!row.leadId().equals(lead)) {
            finishLead();
            lead = row.leadId();
        }
        // a row still current on asOf, or closed only later, counts up to asOf
        LocalDate to = row.validTo() == null || row.validTo().isAfter(asOf) ? null : row.validTo();
        String status = name(row.status());
        boolean follows = previous != null && row.validFrom().equals(previousTo);
        if (previous != null && !Objects.equals(name(previous.status()), status)
                && !row.validFrom().isBefore(windowStart)) {
            transitions.merge(List.of(name(previous.status()), status), 1L, Long::sum);
        }
        if (follows && status.equals(stayStatus)) {
            stayEnd = to;
        } else {
            if (previous != null) {
                finishStay();
            }
            stayStatus = status;
            stayStart = row.validFrom();
            stayEnd = to;
        }
        if (CLOSED.equals(row.status())) {
            openSince = null;
        } else if (!follows || openSince == null) {
            openSince = row.validFrom();
        }
        boolean worked = row.status() != null && !OPEN.equals(row.status());
        long[] delta = { 1, row.contactable() ? 1 : 0, row.contactable() && worked ? 1 : 0,
                row.contactable() && CLOSED.equals(row.status()) ? 1 : 0 };
        add(row.validFrom(), delta, 1);
        if (to != null) {
            add(to, delta, -1);
        }
        previous = row;
        previousTo = to;
    }

    private void add(LocalDate date, long[] delta, int sign) {
        long[] change = funnelChanges.computeIfAbsent(date, d -> new long[4]);
        for (int i = 0; i < delta.length; i++) {
            change[i] += sign * delta[i];
        }
    }

    private void finishStay() {
        LocalDate end = stayEnd == null ? asOf : stayEnd;
        stays.computeIfAbsent(stayStatus, s -> new TreeMap<>()).merge(days(stayStart, end), 1L, Long::sum);
        if (stayEnd == null) {
            ongoing.merge(stayStatus, 1L, Long::sum);
        }
    }

    private void finishLead() {
        if (previous == null) {
            return;
        }
        finishStay();
        if (previousTo == null && !CLOSED.equals(previous.status())) {
            long age = days(openSince, asOf);
            aging[age <= 1 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3]++;
        }
        previous = null;
        previousTo = null;
    }

    private static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to);
    }

    private static String name(String status) {
        return status == null ? HistoryFigures.BLANK_STATUS : status;
    }

    /** The figures, once every row was added; {@code dates} are the export dates recorded up to asOf. */
    HistoryFigures figures(List<LocalDate> dates) {
        finishLead();
        List<StatusTime> times = new ArrayList<>();
        for (String status : statusOrder(stays.keySet())) {
            TreeMap<Long, Long> lengths = stays.get(status);
            long n = lengths.values().stream().mapToLong(Long::longValue).sum();
            times.add(new StatusTime(status, n, ongoing.getOrDefault(status, 0L), nearestRank(lengths, n, 50),
                    nearestRank(lengths, n, 90)));
        }
        List<String> order = statusOrder(null);
        List<Transition> changes = new ArrayList<>();
        transitions.forEach((pair, count) -> changes.add(new Transition(pair.get(0), pair.get(1), count)));
        changes.sort(Comparator.comparingLong(Transition::count).reversed()
                .thenComparingInt(t -> rank(order, t.from())).thenComparingInt(t -> rank(order, t.to()))
                .thenComparing(Transition::from).thenComparing(Transition::to));
        List<Aging> ages = new ArrayList<>();
        for (int i = 0; i < aging.length; i++) {
            ages.add(new Aging(HistoryFigures.AGE_BUCKETS.get(i), aging[i]));
        }
        List<DatedFunnel> funnel = new ArrayList<>();
        long[] valid = new long[4];
        var changesByDate = funnelChanges.entrySet().iterator();
        var next = changesByDate.hasNext() ? changesByDate.next() : null;
        for (LocalDate date : dates) {
            while (next != null && !next.getKey().isAfter(date)) {
                for (int i = 0; i < valid.length; i++) {
                    valid[i] += next.getValue()[i];
                }
                next = changesByDate.hasNext() ? changesByDate.next() : null;
            }
            funnel.add(new DatedFunnel(date, valid[0], valid[1], valid[2], valid[3]));
        }
        return new HistoryFigures(asOf, sinceDays, dates, times, changes, ages, funnel);
    }

    /** The value at rank {@code ceil(p/100 * n)} of the lengths, in order. */
    static long nearestRank(TreeMap<Long, Long> lengths, long n, int p) {
        long rank = Math.max(1, (p * n + 99) / 100);
        long seen = 0;
        for (Map.Entry<Long, Long> length : lengths.entrySet()) {
            seen += length.getValue();
            if (seen >= rank) {
                return length.getKey();
            }
        }
        throw new IllegalStateException("no stays");
    }

    /** The six statuses in their order, then UNKNOWN and blank, then any other name; only those in {@code present}. */
    private static List<String> statusOrder(java.util.Set<String> present) {
        List<String> order = new ArrayList<>();
        for (LeadStatus status : LeadStatus.values()) {
            order.add(status.name());
        }
        order.add(LeadState.UNKNOWN);
        order.add(HistoryFigures.BLANK_STATUS);
        if (present == null) {
            return order;
        }
        List<String> shown = new ArrayList<>(order.stream().filter(present::contains).toList());
        present.stream().filter(s -> !order.contains(s)).sorted().forEach(shown::add);
        return shown;
    }

    private static int rank(List<String> order, String status) {
        int i = order.indexOf(status);
        return i < 0 ? order.size() : i;
    }
}
