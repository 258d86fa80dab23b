package com.botbuddy.batch.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.history.HistoryFigures.Aging;
import com.botbuddy.batch.history.HistoryFigures.DatedFunnel;
import com.botbuddy.batch.history.HistoryFigures.StatusTime;
import com.botbuddy.batch.history.HistoryFigures.Transition;
import com.botbuddy.batch.history.LeadHistory.SameDate;
import com.botbuddy.batch.history.LeadHistory.Source;

/**
 * The figures over time checked against values computed here, in plain Java, from the daily snapshots
 * themselves (never from the history rows): which lead had which status on which export date.
 */
class HistoryFiguresTest {
    static final String[] STATUSES = { "OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "CLOSED", null };

    final HistoryDatabase db = HistoryDatabase.h2();

    /** Export dates with uneven gaps, and per date the leads seen, by id. */
    static TreeMap<LocalDate, Map<String, LeadState>> snapshots(long seed, int dates, int leads) {
        Random random = new Random(seed);
        TreeMap<LocalDate, Map<String, LeadState>> snapshots = new TreeMap<>();
        Map<String, LeadState> now = new LinkedHashMap<>();
        LocalDate date = LocalDate.of(2026, 9, 1);
        for (int d = 0; d < dates; d++) {
            date = date.plusDays(1 + random.nextInt(4));
            for (int i = 0; i < leads; i++) {
                String id = "lead-" + i;
                LeadState before = now.get(id);
                int dice = random.nextInt(10);
                if (before == null) {
                    if (dice < 4) {
                        now.put(id, new LeadState(id, STATUSES[random.nextInt(STATUSES.length)],
                                random.nextBoolean() ? "agent-" + random.nextInt(3) : null, random.nextInt(3) > 0));
                    }
                } else if (dice == 0) {
                    now.remove(id); // missing from this export
                } else if (dice <= 3) {
                    now.put(id, new LeadState(id, STATUSES[random.nextInt(STATUSES.length)], before.agentId(),
                            before.contactable()));
                } else if (dice == 4) {
                    now.put(id, new LeadState(id, before.status(), "agent-" + random.nextInt(5), !before.contactable()));
                }
            }
            snapshots.put(date, new LinkedHashMap<>(now));
        }
        return snapshots;
    }

    void recordAll(TreeMap<LocalDate, Map<String, LeadState>> snapshots) {
        snapshots.forEach((date, leads) -> db.history.record("bot", "cust", date, Source.EXPORT, SameDate.REPLACE,
                sink -> leads.values().forEach(sink)));
    }

    static String name(String status) {
        return status == null ? HistoryFigures.BLANK_STATUS : status;
    }

    /** Each lead's status on each export date up to asOf, {@code absent} where it was not seen. */
    static final String ABSENT = "\u0000absent";

    static Map<String, List<String>> timelines(TreeMap<LocalDate, Map<String, LeadState>> snapshots, List<LocalDate> dates) {
        Map<String, List<String>> lines = new TreeMap<>();
        for (Map<String, LeadState> leads : snapshots.values()) {
            leads.keySet().forEach(id -> lines.putIfAbsent(id, new ArrayList<>()));
        }
        for (LocalDate date : dates) {
            Map<String, LeadState> leads = snapshots.get(date);
            lines.forEach((id, line) -> line.add(leads.containsKey(id) ? name(leads.get(id).status()) : ABSENT));
        }
        lines.values().removeIf(line -> line.stream().allMatch(ABSENT::equals));
        return lines;
    }

    static long nearestRank(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    HistoryFigures expected(TreeMap<LocalDate, Map<String, LeadState>> snapshots, LocalDate asOf, int since) {
        List<LocalDate> dates = new ArrayList<>(snapshots.headMap(asOf, true).keySet());
        Map<String, List<String>> lines = timelines(snapshots, dates);
        Map<String, List<Long>> stays = new HashMap<>();
        Map<String, Long> ongoing = new HashMap<>();
        Map<List<String>, Long> transitions = new HashMap<>();
        long[] aging = new long[4];
        LocalDate windowStart = asOf.minusDays(since - 1);
        for (List<String> line : lines.values()) {
            int i = 0;
            String previousSeen = null;
            while (i < dates.size()) {
                String status = line.get(i);
                if (status.equals(ABSENT)) {
                    i++;
                    continue;
                }
                if (previousSeen != null && !previousSeen.equals(status) && !dates.get(i).isBefore(windowStart)) {
                    transitions.merge(List.of(previousSeen, status), 1L, Long::sum);
                }
                int end = i;
                while (end + 1 < dates.size() && line.get(end + 1).equals(status)) {
                    end++;
                }
                boolean open = end + 1 == dates.size();
                LocalDate until = open ? asOf : dates.get(end + 1);
                stays.computeIfAbsent(status, s -> new ArrayList<>()).add(days(dates.get(i), until));
                if (open) {
                    ongoing.merge(status, 1L, Long::sum);
                }
                previousSeen = status;
                i = end + 1;
            }
            String last = line.get(dates.size() - 1);
            if (!last.equals(ABSENT) && !last.equals("CLOSED")) {
                int start = dates.size() - 1;
                while (start > 0 && !line.get(start - 1).equals(ABSENT) && !line.get(start - 1).equals("CLOSED")) {
                    start--;
                }
                long age = days(dates.get(start), asOf);
                aging[age <= 1 ? 0 : age <= 7 ? 1 : age <= 30 ? 2 : 3]++;
            }
        }
        List<StatusTime> times = new ArrayList<>();
        List<String> order = new ArrayList<>(List.of("OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "CLOSED",
                LeadState.UNKNOWN, HistoryFigures.BLANK_STATUS));
        for (String status : order) {
            List<Long> values = stays.get(status);
            if (values != null) {
                times.add(new StatusTime(status, values.size(), ongoing.getOrDefault(status, 0L),
                        nearestRank(values, 50), nearestRank(values, 90)));
            }
        }
        List<Transition> changes = new ArrayList<>();
        transitions.forEach((pair, n) -> changes.add(new Transition(pair.get(0), pair.get(1), n)));
        changes.sort(java.util.Comparator.comparingLong(Transition::count).reversed()
                .thenComparingInt(t -> order.indexOf(t.from())).thenComparingInt(t -> order.indexOf(t.to())));
        List<Aging> ages = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            ages.add(new Aging(HistoryFigures.AGE_BUCKETS.get(b), aging[b]));
        }
        List<DatedFunnel> funnel = new ArrayList<>();
        for (LocalDate date : dates) {
            long leads = 0;
            long contactable = 0;
            long worked = 0;
            long closed = 0;
            for (LeadState lead : snapshots.get(date).values()) {
                leads++;
                if (lead.contactable()) {
                    contactable++;
                    worked += lead.status() != null && !lead.status().equals("OPEN") ? 1 : 0;
                    closed += "CLOSED".equals(lead.status()) ? 1 : 0;
                }
            }
            funnel.add(new DatedFunnel(date, leads, contactable, worked, closed));
        }
        return new HistoryFigures(asOf, since, dates, times, changes, ages, funnel);
    }

    @Test
    void figuresAsOfTheLastExportMatchThoseComputedFromTheSnapshots() {
        TreeMap<LocalDate, Map<String, LeadState>> snapshots = snapshots(7, 25, 60);
        recordAll(snapshots);
        LocalDate last = snapshots.lastKey();
        HistoryFigures figures = db.history.figures("bot", "cust", last, 30);
        assertThat(figures).isEqualTo(expected(snapshots, last, 30));
        assertThat(figures.transitions()).as("the window holds changes").isNotEmpty();
        assertThat(figures.aging().stream().mapToLong(Aging::openLeads).sum()).isPositive();
    }

    @Test
    void figuresAsOfAnEarlierExportIgnoreWhatCameLater() {
        TreeMap<LocalDate, Map<String, LeadState>> snapshots = snapshots(11, 20, 40);
        recordAll(snapshots);
        LocalDate middle = new ArrayList<>(snapshots.keySet()).get(9);
        assertThat(db.history.figures("bot", "cust", middle, 7)).isEqualTo(expected(snapshots, middle, 7));
    }

    @Test
    void theFiguresStreamTheRowsAPageAtATime() {
        TreeMap<LocalDate, Map<String, LeadState>> snapshots = snapshots(3, 12, LeadHistory.READ_ROWS / 2);
        recordAll(snapshots);
        Long rows = db.jdbc.queryForObject("SELECT COUNT(*) FROM " + HistoryTables.HISTORY, Long.class);
        assertThat(rows).as("more rows than one page").isGreaterThan((long) LeadHistory.READ_ROWS);
        LocalDate last = snapshots.lastKey();
        assertThat(db.history.figures("bot", "cust", last, 30)).isEqualTo(expected(snapshots, last, 30));
    }

    @Test
    void aFirstExportHasOneDateAndEveryStayOngoingAtZeroDays() {
        LocalDate day = LocalDate.of(2026, 12, 1);
        db.history.record("bot", "cust", day, Source.EXPORT, SameDate.REPLACE, sink -> {
            sink.accept(new LeadState("a", "OPEN", null, true));
            sink.accept(new LeadState("b", "CLOSED", null, true));
        });
        HistoryFigures figures = db.history.figures("bot", "cust", day, 30);
        assertThat(figures.exportDates()).containsExactly(day);
        assertThat(figures.statusTimes()).containsExactly(new StatusTime("OPEN", 1, 1, 0, 0),
                new StatusTime("CLOSED", 1, 1, 0, 0));
        assertThat(figures.transitions()).isEmpty();
        assertThat(figures.aging()).extracting(Aging::openLeads).containsExactly(1L, 0L, 0L, 0L);
        assertThat(db.history.figures("bot", "cust", day.minusDays(1), 30).hasHistory()).isFalse();
    }

    @Test
    void nearestRankIsTheValueAtTheCeilingRank() {
        TreeMap<Long, Long> lengths = new TreeMap<>(Map.of(1L, 3L, 4L, 1L, 9L, 1L)); // 1 1 1 4 9
        assertThat(HistoryTally.nearestRank(lengths, 5, 50)).isEqualTo(1L);
        assertThat(HistoryTally.nearestRank(lengths, 5, 90)).isEqualTo(9L);
        assertThat(HistoryTally.nearestRank(new TreeMap<>(Map.of(2L, 1L, 6L, 1L)), 2, 50)).isEqualTo(2L);
    }
}
