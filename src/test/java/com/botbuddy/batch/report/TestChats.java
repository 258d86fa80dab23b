package com.botbuddy.batch.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;

/** Chats built by hand for the report tests. */
final class TestChats {
    static final RunFacts FACTS = new RunFacts(7, 3, Duration.ofMillis(1234), 42);

    private TestChats() {
    }

    static ReportRequest request(Path folder, Set<ReportFormat> formats) {
        return request(folder, formats, ZoneOffset.UTC);
    }

    static ReportRequest request(Path folder, Set<ReportFormat> formats, ZoneId zone) {
        return new ReportRequest(folder, formats, LocalDate.of(2024, 3, 7), zone, "bot-1", "cust-1",
                Instant.parse("2024-03-07T06:00:00Z"));
    }

    static Set<ReportFormat> both() {
        return EnumSet.allOf(ReportFormat.class);
    }

    /** Every field set. */
    static TypedChat full() {
        Chat.UserDetails user = new Chat.UserDetails("Asha Rao", "https://cdn.example.com/a.png",
                new Chat.Contact("asha@example.com", new Chat.Phone("9876543210", "91")), "Pune", "India", "female",
                List.of("vip", "call back"), List.of(new Chat.Attribute("ID", "BP001")));
        Chat chat = new Chat("65f0c0ffee", "uuid-1", "2024-03-01T10:00:00.000Z", true,
                new Chat.LastMessage("2024-03-02T11:30:00.000Z", "visitor", "Hello there"), "2024-03-02T11:31:00.000Z",
                new Chat.Profile(List.of(new Chat.Note("First call", "Wants a demo", "n1")), user), "INPROGRESS",
                "2024-03-02T12:00:00.000Z", 5, "agent-7");
        return new TypedChat(ChatType.LEAD, chat);
    }

    /** Only id and uuid. */
    static TypedChat bare() {
        return new TypedChat(ChatType.NON_LEAD, new Chat("bare-1", "uuid-bare", null, null, null, null, null, null, null,
                null, null));
    }

    static TypedChat lead(String id, String status, String email, String phone, String agent, String createdAt) {
        return chat(ChatType.LEAD, id, status, email, phone, agent, createdAt);
    }

    static TypedChat nonLead(String id, String createdAt) {
        return chat(ChatType.NON_LEAD, id, null, null, null, null, createdAt);
    }

    static TypedChat chat(ChatType type, String id, String status, String email, String phone, String agent,
            String createdAt) {
        Chat.UserDetails user = new Chat.UserDetails("name " + id, null,
                new Chat.Contact(email, phone == null ? null : new Chat.Phone(phone, "91")), null, null, null, null, null);
        return new TypedChat(type, new Chat(id, "uuid-" + id, createdAt, false, null, null, new Chat.Profile(null, user),
                status, null, 1, agent));
    }

    /** A chat whose free-text fields (name, city, tags, notes, last message, ...) all hold {@code text}. */
    static TypedChat withText(String id, String text) {
        Chat.UserDetails user = new Chat.UserDetails(text, text, new Chat.Contact(text, new Chat.Phone(text, text)), text,
                text, text, List.of(text), List.of(new Chat.Attribute(text, text)));
        return new TypedChat(ChatType.LEAD, new Chat(id, text, text, null, new Chat.LastMessage(text, text, text), text,
                new Chat.Profile(List.of(new Chat.Note(text, text, null)), user), text, text, null, text));
    }

    /**
     * The hand-made set the figure tests compute by hand: 7 leads, 3 non-leads, 2 undated.
     */
    static List<TypedChat> handMadeSet() {
        return List.of(
                lead("L1", "CLOSED", "a@example.com", null, "a1", "2024-03-01T10:00:00Z"),
                lead("L2", "INPROGRESS", null, "999", "a1", "2024-03-01T23:30:00Z"),
                lead("L3", "OPEN", "c@example.com", null, "a2", "2024-03-03T08:00:00.000Z"),
                lead("L4", "", "d@example.com", null, null, null),
                lead("L5", "CLOSED", null, null, "a2", "2024-03-04T12:00:00Z"),
                lead("L6", "REVIEW", " ", "", "", "garbage"),
                lead("L7", "Dependency", null, null, "a2", "2024-03-04T13:00:00+02:00"),
                nonLead("N1", "2024-03-01T00:10:00Z"),
                nonLead("N2", "2024-03-06T09:00:00Z"),
                nonLead("N3", "2024-03-03T09:00:00Z"));
    }
}
