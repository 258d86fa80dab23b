package com.botbuddy.batch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An export for the HTML report's tests: 27 agents (three of them with hostile ids, at the top by leads), two
 * unassigned leads, every status, ten days of chats, and hostile bot and customer ids.
 */
final class HtmlReportFixture {
    static final String SCRIPT_ID = "</script><img src=x onerror=alert(1)>";
    static final String ATTRIBUTE_ID = "\"><svg onload=alert(2)>";
    static final String JS_ID = "');alert(3);//";
    static final String BOT_ID = "<b>bot</b>&\"'";
    static final String CUSTOMER_ID = "cust\"><script>alert(4)</script>";
    /** The ids in the order the agents chart shows them: by leads, most first. */
    static final List<String> HOSTILE_IDS = List.of(SCRIPT_ID, ATTRIBUTE_ID, JS_ID);
    static final RunFacts FACTS = new RunFacts(12, 1, Duration.ofMillis(4321), 77);
    private static final String[] STATUSES = {"CLOSED", "OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "weird"};

    private HtmlReportFixture() {
    }

    static ReportRequest request(Path folder, Set<ReportFormat> formats) {
        return new ReportRequest(folder, formats, LocalDate.of(2024, 3, 10), ZoneOffset.UTC, BOT_ID, CUSTOMER_ID,
                Instant.parse("2024-03-10T05:00:00Z"));
    }

    /** Leads per agent: the hostile ids 30, 26 and 25; {@code agent-NN} NN leads (1 to 24); unassigned 2. */
    static List<TypedChat> chats() {
        List<TypedChat> chats = new ArrayList<>();
        int[] counter = {0};
        addLeads(chats, counter, SCRIPT_ID, 30);
        addLeads(chats, counter, ATTRIBUTE_ID, 26);
        addLeads(chats, counter, JS_ID, 25);
        for (int n = 1; n <= 24; n++) {
            addLeads(chats, counter, String.format("agent-%02d", n), n);
        }
        addLeads(chats, counter, null, 2);
        for (int i = 0; i < 120; i++) {
            chats.add(TestChats.nonLead("N" + i, day(i * 7)));
        }
        return chats;
    }

    private static void addLeads(List<TypedChat> chats, int[] counter, String agent, int leads) {
        for (int i = 0; i < leads; i++) {
            int n = counter[0]++;
            chats.add(TestChats.lead("L" + n, STATUSES[n % STATUSES.length], n % 2 == 0 ? "l" + n + "@example.com" : null,
                    n % 5 == 0 ? "98765" + n : null, agent, day(n)));
        }
    }

    /** One of ten days, 2024-03-01 to 2024-03-10, the later ones fuller. */
    private static String day(int n) {
        int day = 1 + Math.max(n % 10, (n / 10) % 10);
        return "2024-03-" + String.format("%02d", day) + "T" + String.format("%02d", n % 24) + ":15:00Z";
    }

    /** Writes the fixture's export with {@code formats} into {@code folder} and returns its figures. */
    static ReportFigures export(Path folder, Set<ReportFormat> formats) throws IOException {
        return export(folder, formats, FACTS);
    }

    static ReportFigures export(Path folder, Set<ReportFormat> formats, RunFacts facts) throws IOException {
        try (ChatReport report = ChatReport.open(request(folder, formats))) {
            for (TypedChat chat : chats()) {
                report.add(chat);
            }
            return report.finish(facts);
        }
    }

    static String html(Path folder) throws IOException {
        return Files.readString(folder.resolve(ChatReport.REPORT_HTML));
    }
}
