package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

/** Figures of {@link TestChats#handMadeSet()}, computed by hand (see the comments). */
class ReportFiguresTest {
    @TempDir
    Path folder;

    private ReportFigures run(List<TypedChat> chats, ZoneId zone) throws Exception {
        return run(chats, zone, EnumSet.of(ReportFormat.CSV));
    }

    private ReportFigures run(List<TypedChat> chats, ZoneId zone, java.util.Set<ReportFormat> formats) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, formats, zone))) {
            for (TypedChat chat : chats) {
                report.add(chat);
            }
            return report.finish(TestChats.FACTS);
        }
    }

    private static BigDecimal pct(String value) {
        return new BigDecimal(value);
    }

    private List<String> lines(String file) throws Exception {
        return List.of(ChatsCsvTest.content(folder.resolve(file)).split("\r\n"));
    }

    @Test
    void funnelCountsAndPercentagesOnTheHandMadeSet() throws Exception {
        ReportFigures figures = run(TestChats.handMadeSet(), ZoneId.of("UTC"));
        // 10 chats; 7 leads; contactable: L1, L2, L3, L4 (L6 has only blanks); worked among them: L1 CLOSED,
        // L2 INPROGRESS (L3 OPEN, L4 blank = OPEN); closed: L1
        assertThat(figures.chats()).isEqualTo(10);
        assertThat(figures.countsByType()).containsExactly(java.util.Map.entry("lead", 7L),
                java.util.Map.entry("non-lead", 3L));
        assertThat(figures.funnel()).containsExactly(
                new FunnelRow("conversations", 10, pct("100.0"), pct("100.0")),
                new FunnelRow("leads", 7, pct("70.0"), pct("70.0")),
                new FunnelRow("contactable", 4, pct("57.1"), pct("40.0")),
                new FunnelRow("worked", 2, pct("50.0"), pct("20.0")),
                new FunnelRow("closed", 1, pct("50.0"), pct("10.0")));
        assertThat(lines("funnel.csv")).containsExactly("stage,count,pct_of_previous,pct_of_first",
                "conversations,10,100.0,100.0", "leads,7,70.0,70.0", "contactable,4,57.1,40.0", "worked,2,50.0,20.0",
                "closed,1,50.0,10.0");
    }

    @Test
    void theFunnelLineGivesEachStageWithItsShareOfTheOneBefore() throws Exception {
        assertThat(run(TestChats.handMadeSet(), ZoneId.of("UTC")).funnelLine()).isEqualTo(
                "funnel: 10 conversations -> 7 leads (70.0%) -> 4 contactable (57.1%) -> 2 worked (50.0%)"
                        + " -> 1 closed (50.0%)");
        assertThat(run(List.of(TestChats.nonLead("N1", "2024-03-01T00:00:00Z")), ZoneId.of("UTC")).funnelLine())
                .isEqualTo("funnel: 1 conversations -> 0 leads (0.0%) -> 0 contactable (-) -> 0 worked (-)"
                        + " -> 0 closed (-)");
    }

    @Test
    void funnelPercentagesAreEmptyWhereTheBaseIsZero() throws Exception {
        ReportFigures figures = run(List.of(TestChats.nonLead("N1", "2024-03-01T00:00:00Z")), ZoneId.of("UTC"));
        assertThat(figures.funnel().get(1)).isEqualTo(new FunnelRow("leads", 0, pct("0.0"), pct("0.0")));
        assertThat(figures.funnel().get(2)).isEqualTo(new FunnelRow("contactable", 0, null, pct("0.0")));
        assertThat(lines("funnel.csv")).containsExactly("stage,count,pct_of_previous,pct_of_first",
                "conversations,1,100.0,100.0", "leads,0,0.0,0.0", "contactable,0,,0.0", "worked,0,,0.0",
                "closed,0,,0.0");
    }

    @Test
    void anEmptyRunHasAFunnelOfZerosWithEmptyPercentages() throws Exception {
        ReportFigures figures = run(List.of(), ZoneId.of("UTC"));
        assertThat(figures.funnel()).allSatisfy(row -> {
            assertThat(row.count()).isZero();
            assertThat(row.pctOfPrevious()).isNull();
            assertThat(row.pctOfFirst()).isNull();
        });
        assertThat(lines("funnel.csv")).contains("conversations,0,,");
        assertThat(lines("daily.csv")).containsExactly("date,conversations,leads,closed");
        assertThat(lines("agents.csv")).containsExactly("agent_id,leads,worked,closed,close_rate");
    }

    @Test
    void percentagesHaveOneDecimalRoundedHalfUp() {
        assertThat(Percent.of(301, 500)).isEqualByComparingTo("60.2");
        assertThat(Percent.of(1, 16)).isEqualByComparingTo("6.3"); // 6.25: half-up, not half-even
        assertThat(Percent.of(1, 3)).isEqualByComparingTo("33.3");
        assertThat(Percent.of(2, 3)).isEqualByComparingTo("66.7");
        assertThat(Percent.of(5, 0)).isNull();
        assertThat(Percent.text(Percent.of(1, 16))).isEqualTo("6.3");
        assertThat(Percent.text(Percent.of(3, 3))).isEqualTo("100.0");
        assertThat(Percent.text(null)).isEmpty();
        assertThat(Percent.fraction(Percent.of(301, 500))).isEqualTo(0.602);
    }

    @Test
    void statusCountsListAllSixStatusesAndUnknownForBlankOrUnrecognised() throws Exception {
        ReportFigures figures = run(TestChats.handMadeSet(), ZoneId.of("UTC"));
        // leads: CLOSED L1 L5, INPROGRESS L2, OPEN L3, blank L4, REVIEW L6, "Dependency" L7
        assertThat(figures.statuses()).containsExactly(new StatusRow("OPEN", 1), new StatusRow("INPROGRESS", 1),
                new StatusRow("REVIEW", 1), new StatusRow("ONHOLD", 0), new StatusRow("DEPENDANCY", 1),
                new StatusRow("CLOSED", 2), new StatusRow("UNKNOWN", 1));
        assertThat(lines("status.csv")).containsExactly("status,count", "OPEN,1", "INPROGRESS,1", "REVIEW,1",
                "ONHOLD,0", "DEPENDANCY,1", "CLOSED,2", "UNKNOWN,1");
    }

    @Test
    void statusCountsHaveNoUnknownRowWhenEveryStatusIsKnown() throws Exception {
        ReportFigures figures = run(List.of(TestChats.lead("L1", "closed", null, null, null, null),
                TestChats.lead("L2", "on hold", null, null, null, null),
                TestChats.lead("L3", "In Progress", null, null, null, null),
                TestChats.nonLead("N1", null)), ZoneId.of("UTC"));
        assertThat(figures.statuses()).extracting(StatusRow::status)
                .containsExactly("OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "CLOSED");
        assertThat(figures.statuses()).extracting(StatusRow::count).containsExactly(0L, 1L, 0L, 1L, 0L, 1L);
    }

    @Test
    void agentsAreSortedByIdWithUnassignedLast() throws Exception {
        ReportFigures figures = run(TestChats.handMadeSet(), ZoneId.of("UTC"));
        // a1: L1 CLOSED, L2 INPROGRESS; a2: L3 OPEN, L5 CLOSED, L7 DEPENDANCY; unassigned: L4 blank, L6 REVIEW
        assertThat(figures.agents()).containsExactly(
                new AgentRow("a1", 2, 2, 1, pct("50.0")),
                new AgentRow("a2", 3, 2, 1, pct("33.3")),
                new AgentRow("(unassigned)", 2, 1, 0, pct("0.0")));
        assertThat(lines("agents.csv")).containsExactly("agent_id,leads,worked,closed,close_rate", "a1,2,2,1,50.0",
                "a2,3,2,1,33.3", "(unassigned),2,1,0,0.0");
    }

    @Test
    void dailyCoversEveryDayFromFirstToLastWithZeroRowsForGaps() throws Exception {
        ReportFigures figures = run(TestChats.handMadeSet(), ZoneId.of("UTC"));
        // 03-01: L1 (closed), L2, N1; 03-03: L3, N3; 03-04: L5 (closed), L7 (13:00+02:00 = 11:00Z); 03-06: N2
        assertThat(figures.daily()).containsExactly(
                new DailyRow(LocalDate.of(2024, 3, 1), 3, 2, 1),
                new DailyRow(LocalDate.of(2024, 3, 2), 0, 0, 0),
                new DailyRow(LocalDate.of(2024, 3, 3), 2, 1, 0),
                new DailyRow(LocalDate.of(2024, 3, 4), 2, 2, 1),
                new DailyRow(LocalDate.of(2024, 3, 5), 0, 0, 0),
                new DailyRow(LocalDate.of(2024, 3, 6), 1, 0, 0));
        assertThat(figures.undated()).isEqualTo(2); // L4 has no date, L6 says "garbage"
        assertThat(lines("daily.csv")).containsExactly("date,conversations,leads,closed", "2024-03-01,3,2,1",
                "2024-03-02,0,0,0", "2024-03-03,2,1,0", "2024-03-04,2,2,1", "2024-03-05,0,0,0", "2024-03-06,1,0,0");
    }

    @Test
    void aBogusCreationDateCenturiesAwayListsOnlyTheDaysWithChatsInsteadOfMillionsOfEmptyDays() throws Exception {
        List<TypedChat> chats = new java.util.ArrayList<>(TestChats.handMadeSet());
        chats.add(TestChats.nonLead("bogus", "9999-12-31T00:00:00Z"));
        ReportFigures figures = run(chats, ZoneId.of("UTC"), TestChats.both());
        assertThat(figures.daily()).containsExactly(
                new DailyRow(LocalDate.of(2024, 3, 1), 3, 2, 1),
                new DailyRow(LocalDate.of(2024, 3, 3), 2, 1, 0),
                new DailyRow(LocalDate.of(2024, 3, 4), 2, 2, 1),
                new DailyRow(LocalDate.of(2024, 3, 6), 1, 0, 0),
                new DailyRow(LocalDate.of(9999, 12, 31), 1, 0, 0));
        // and the workbook, whose Daily sheet could not have held 2.9 million days, is written
        assertThat(folder.resolve("report.xlsx")).exists();
    }

    @Test
    void aCenturyOfHistoryIsStillListedDayByDay() throws Exception {
        List<TypedChat> chats = List.of(TestChats.nonLead("old", "1930-01-01T00:00:00Z"),
                TestChats.nonLead("new", "2029-12-31T00:00:00Z"));
        ReportFigures figures = run(chats, ZoneId.of("UTC"));
        assertThat(figures.daily()).hasSize((int) (LocalDate.of(2029, 12, 31).toEpochDay()
                - LocalDate.of(1930, 1, 1).toEpochDay() + 1));
    }

    @Test
    void dailyCountsCreationDaysInTheRequestZone() throws Exception {
        ReportFigures figures = run(TestChats.handMadeSet(), ZoneId.of("Asia/Kolkata"));
        // +05:30: L2 (03-01 23:30Z) falls on 03-02
        assertThat(figures.daily().subList(0, 2)).containsExactly(
                new DailyRow(LocalDate.of(2024, 3, 1), 2, 1, 1),
                new DailyRow(LocalDate.of(2024, 3, 2), 1, 1, 0));
    }

    @Test
    void statusSpellingsAreReadLeniently() {
        assertThat(StatusNames.parse("Dependency")).hasToString("DEPENDANCY");
        assertThat(StatusNames.parse("DEPENDANCY")).hasToString("DEPENDANCY");
        assertThat(StatusNames.parse("in progress")).hasToString("INPROGRESS");
        assertThat(StatusNames.parse("on_hold")).hasToString("ONHOLD");
        assertThat(StatusNames.parse(" ")).isNull();
        assertThat(StatusNames.parse("WHATEVER")).isNull();
    }
}
