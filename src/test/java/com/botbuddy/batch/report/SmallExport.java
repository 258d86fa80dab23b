package com.botbuddy.batch.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

/**
 * A small export for the tests that open the workbook in other programs (every sheet of it is rendered or
 * read there, so it stays a few dozen chats): leads in every status over ten days, more agents than the
 * agents chart shows, and texts a reader can get wrong (quotes, separators, line breaks, formula
 * triggers, non-Latin scripts).
 */
final class SmallExport {
    static final int CHATS = 60;
    static final int AGENTS = ReportFigures.TOP_AGENTS + 4;
    private static final String[] STATUSES = {"OPEN", "INPROGRESS", "REVIEW", "DEPENDENCY", "CLOSED", "CLOSED", ""};
    private static final String[] TEXTS = {"plain", "comma, and \"quotes\"", "two\nlines", "=1+2", "'=quoted",
        "\u00e9t\u00e9 \u20ac", "\u0645\u0631\u062d\u0628\u0627", "\uD83D\uDE00 emoji", "  padded  ", "semi;colon\ttab"};

    private SmallExport() {
    }

    static List<TypedChat> chats() {
        Random random = new Random(23);
        List<TypedChat> chats = new ArrayList<>();
        Instant first = Instant.parse("2024-03-01T00:00:00Z");
        int assigned = 0;
        for (int i = 0; i < CHATS; i++) {
            boolean lead = i % 5 != 4;
            String text = TEXTS[i % TEXTS.length];
            String agent = null;
            if (lead && i % 7 != 0) {
                // each agent one lead, then the further leads to five agents whose ids sort last
                int index = assigned < AGENTS ? assigned : assigned % 5;
                agent = "agent-" + (char) ('z' - index);
                assigned++;
            }
            String status = lead ? STATUSES[i % STATUSES.length] : null;
            Instant created = first.plusSeconds(random.nextInt(10 * 86_400)).plusMillis(random.nextInt(1000));
            Chat.UserDetails user = new Chat.UserDetails(text + " " + i, null,
                    new Chat.Contact(i % 3 == 0 ? null : "c" + i + "@example.com", i % 6 == 0 ? null : new Chat.Phone("98765" + i, "91")),
                    TEXTS[(i + 3) % TEXTS.length], "India", null, List.of("t" + i, text), null);
            Chat chat = new Chat("id-" + i, "uuid-" + i, created.toString(), i % 2 == 0,
                    new Chat.LastMessage(created.plusSeconds(90).toString(), "visitor", TEXTS[(i + 1) % TEXTS.length]),
                    created.plusSeconds(3600).toString(), new Chat.Profile(null, user), status,
                    created.plusSeconds(120).toString(), i, agent);
            chats.add(new TypedChat(lead ? ChatType.LEAD : ChatType.NON_LEAD, chat));
        }
        return chats;
    }

    /** Writes every format of the small export into {@code folder}. */
    static ReportFigures write(Path folder) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, TestChats.both()))) {
            for (TypedChat chat : chats()) {
                report.add(chat);
            }
            return report.finish(TestChats.FACTS);
        }
    }
}
