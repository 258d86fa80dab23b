package com.botbuddy.batch.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.botbuddy.batch.client.ChatType;

/**
 * Every figure of one report, computed while the chats streamed past. Percentages are
 * {@code count * 100 / base} with one decimal ({@code HALF_UP}), {@code null} where the base is 0.
 *
 * @param chats     all chats added
 * @param leads     chats from the {@code lead} listing
 * @param nonLeads  chats from the {@code non-lead} listing
 * @param undated   chats whose {@code createdAt} is missing or unparsable (left out of {@link #daily})
 * @param funnel    conversations, leads, contactable, worked, closed
 * @param statuses  leads by status: the six statuses always, then {@code UNKNOWN} only when some status is blank or unknown
 * @param agents    leads by assigned agent, sorted by agent id, {@value #UNASSIGNED} last
 * @param daily     every creation day (in the request's zone) from the first to the last, gaps included
 */
public record ReportFigures(long chats, long leads, long nonLeads, long undated, List<FunnelRow> funnel,
        List<StatusRow> statuses, List<AgentRow> agents, List<DailyRow> daily) {

    public static final String UNASSIGNED = "(unassigned)";
    public static final String UNKNOWN_STATUS = "UNKNOWN";
    /** Agents a chart names, those with the most leads; the workbook and the page both show this many. */
    public static final int TOP_AGENTS = 20;

    public ReportFigures {
        funnel = List.copyOf(funnel);
        statuses = List.copyOf(statuses);
        agents = List.copyOf(agents);
        daily = List.copyOf(daily);
    }

    /** The agents by leads, most first; ties keep {@link #agents}' order (by agent id, unassigned last). */
    public List<AgentRow> agentsByLeads() {
        List<AgentRow> sorted = new java.util.ArrayList<>(agents);
        sorted.sort(java.util.Comparator.comparingLong(AgentRow::leads).reversed());
        return sorted;
    }

    /**
     * The funnel in one line for the terminal and the night's log: {@code funnel: 2000 conversations -> 1203
     * leads (60.2%) -> ...}, each share of the stage before it.
     */
    public String funnelLine() {
        StringBuilder line = new StringBuilder("funnel:");
        for (int i = 0; i < funnel.size(); i++) {
            FunnelRow stage = funnel.get(i);
            line.append(i == 0 ? " " : " -> ").append(stage.count()).append(' ').append(stage.stage());
            if (i > 0) {
                line.append(" (").append(stage.pctOfPrevious() == null ? "-" : Percent.text(stage.pctOfPrevious()) + "%")
                        .append(')');
            }
        }
        return line.toString();
    }

    /** {@code {"lead": n, "non-lead": m}}, both keys always present. */
    public Map<String, Long> countsByType() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(ChatType.LEAD.apiValue(), leads);
        counts.put(ChatType.NON_LEAD.apiValue(), nonLeads);
        return counts;
    }

    /** One funnel stage; the percentages are {@code null} where their base is 0. */
    public record FunnelRow(String stage, long count, BigDecimal pctOfPrevious, BigDecimal pctOfFirst) {
    }

    public record StatusRow(String status, long count) {
    }

    /**
     * One agent's leads. {@code worked}: leads whose status is set and not {@code OPEN}; {@code closed}: status
     * {@code CLOSED}; {@code closeRate}: closed / leads in percent (one decimal).
     */
    public record AgentRow(String agentId, long leads, long worked, long closed, BigDecimal closeRate) {
    }

    /** Chats created on one day; {@code closed} counts leads created that day whose status is {@code CLOSED}. */
    public record DailyRow(LocalDate date, long conversations, long leads, long closed) {
    }
}
