package com.botbuddy.batch.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

/**
 * Counts the figures one chat at a time. It keeps counters only (per status, per agent, per day),
 * never the chats, so its memory does not grow with the number of chats.
 * <p>
 * Definitions: a lead is <em>contactable</em> when it has a non-blank email or phone number; it is
 * <em>worked</em> when its status is set and is not {@code OPEN} (a blank status counts as {@code OPEN}, an
 * unrecognised non-blank status counts as worked); it is <em>closed</em> when its status is {@code CLOSED}.
 * The funnel counts worked and closed among contactable leads; agents and daily count them among all leads.
 * <p>
 * Daily lists every day from the first creation day to the last, gaps as zero rows, as long as that range
 * is at most {@value #MAX_FILLED_DAYS} days (a century). A wider range can only come from a bogus date (a
 * chat "created" in year 1 or 9999); filling it would mean millions of rows, more than a sheet holds, so
 * then only the days that have chats are listed. Every chat is still counted.
 */
final class FigureTally {
    static final int MAX_FILLED_DAYS = 36_525;
    private final ZoneId zone;
    private long chats;
    private long leads;
    private long nonLeads;
    private long contactable;
    private long contactableWorked;
    private long contactableClosed;
    private long undated;
    private final Map<LeadStatus, Long> statuses = new EnumMap<>(LeadStatus.class);
    private long unknownStatus;
    private final Map<String, long[]> agents = new TreeMap<>();
    private final long[] unassigned = new long[3];
    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();

    FigureTally(ZoneId zone) {
        this.zone = zone;
    }

    void add(TypedChat typed) {
        Chat chat = typed.chat();
        boolean lead = typed.type() == ChatType.LEAD;
        chats++;
        LeadStatus status = StatusNames.parse(chat.status());
        boolean statusBlank = chat.status() == null || chat.status().isBlank();
        boolean worked = !statusBlank && status != LeadStatus.OPEN;
        boolean closed = status == LeadStatus.CLOSED;
        if (lead) {
            leads++;
            if (status == null) {
                unknownStatus++;
            } else {
                statuses.merge(status, 1L, Long::sum);
            }
            if (isContactable(chat)) {
                contactable++;
                contactableWorked += worked ? 1 : 0;
                contactableClosed += closed ? 1 : 0;
            }
            String agent = chat.agentAssigned();
            long[] row = agent == null || agent.isBlank() ? unassigned : agents.computeIfAbsent(agent, k -> new long[3]);
            row[0]++;
            row[1] += worked ? 1 : 0;
            row[2] += closed ? 1 : 0;
        } else {
            nonLeads++;
        }
        Instant created = Instants.parse(chat.createdAt());
        if (created == null) {
            undated++;
        } else {
            long[] day = days.computeIfAbsent(created.atZone(zone).toLocalDate(), k -> new long[3]);
            day[0]++;
            day[1] += lead ? 1 : 0;
            day[2] += lead && closed ? 1 : 0;
        }
    }

    static boolean isContactable(Chat chat) {
        return chat.isContactable();
    }

    ReportFigures figures() {
        return new ReportFigures(chats, leads, nonLeads, undated, funnel(), statusRows(), agentRows(), dailyRows());
    }

    private List<FunnelRow> funnel() {
        String[] stages = {"conversations", "leads", "contactable", "worked", "closed"};
        long[] counts = {chats, leads, contactable, contactableWorked, contactableClosed};
        List<FunnelRow> rows = new ArrayList<>(stages.length);
        for (int i = 0; i < stages.length; i++) {
            long previous = i == 0 ? counts[0] : counts[i - 1];
            rows.add(new FunnelRow(stages[i], counts[i], Percent.of(counts[i], previous), Percent.of(counts[i], counts[0])));
        }
        return rows;
    }

    private List<StatusRow> statusRows() {
        List<StatusRow> rows = new ArrayList<>();
        for (LeadStatus status : LeadStatus.values()) {
            rows.add(new StatusRow(status.name(), statuses.getOrDefault(status, 0L)));
        }
        if (unknownStatus > 0) {
            rows.add(new StatusRow(ReportFigures.UNKNOWN_STATUS, unknownStatus));
        }
        return rows;
    }

    private List<AgentRow> agentRows() {
        List<AgentRow> rows = new ArrayList<>();
        agents.forEach((agent, row) -> rows.add(agentRow(agent, row)));
        if (unassigned[0] > 0) {
            rows.add(agentRow(ReportFigures.UNASSIGNED, unassigned));
        }
        return rows;
    }

    private static AgentRow agentRow(String agent, long[] row) {
        return new AgentRow(agent, row[0], row[1], row[2], Percent.of(row[2], row[0]));
    }

    private List<DailyRow> dailyRows() {
        List<DailyRow> rows = new ArrayList<>();
        if (days.isEmpty()) {
            return rows;
        }
        if (days.lastKey().toEpochDay() - days.firstKey().toEpochDay() >= MAX_FILLED_DAYS) {
            days.forEach((day, row) -> rows.add(new DailyRow(day, row[0], row[1], row[2])));
            return rows;
        }
        for (LocalDate day = days.firstKey(); !day.isAfter(days.lastKey()); day = day.plusDays(1)) {
            long[] row = days.getOrDefault(day, new long[3]);
            rows.add(new DailyRow(day, row[0], row[1], row[2]));
        }
        return rows;
    }
}
