package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;

class ChatsCsvTest {
    @TempDir
    Path folder;

    private List<String[]> writeAndRead(TypedChat... chats) throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder, EnumSet.of(ReportFormat.CSV)))) {
            for (TypedChat chat : chats) {
                report.add(chat);
            }
            report.finish(TestChats.FACTS);
        }
        return read(folder.resolve("chats.csv"));
    }

    /**
     * RFC 4180 (a quote is escaped by doubling it, no backslash escapes). OpenCSV's reader turns a carriage
     * return inside a quoted value into a line feed (and its keep-carriage-return option breaks on CRLF files),
     * so the texts read back through it hold no CR; {@link #carriageReturnsInsideValuesStayInTheFile} checks those.
     */
    static List<String[]> read(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVReader csv = new CSVReaderBuilder(reader).withCSVParser(new RFC4180ParserBuilder().build()).build()) {
            return csv.readAll();
        }
    }

    private static Map<String, String> byColumn(String[] header, String[] row) {
        assertThat(row).hasSameSizeAs(header);
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            cells.put(header[i], row[i]);
        }
        return cells;
    }

    @Test
    void headerIsTheSharedColumnListInOrder() throws Exception {
        List<String[]> rows = writeAndRead();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsExactlyElementsOf(ChatColumn.NAMES);
    }

    @Test
    void everyColumnOfAFullChat() throws Exception {
        List<String[]> rows = writeAndRead(TestChats.full());
        Map<String, String> cells = byColumn(rows.get(0), rows.get(1));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "65f0c0ffee");
        expected.put("uuid", "uuid-1");
        expected.put("type", "lead");
        expected.put("status", "INPROGRESS");
        expected.put("name", "Asha Rao");
        expected.put("email", "asha@example.com");
        expected.put("dial_code", "'+91");
        expected.put("phone", "9876543210");
        expected.put("agent_id", "agent-7");
        expected.put("city", "Pune");
        expected.put("country", "India");
        expected.put("gender", "female");
        expected.put("tags", "[\"vip\",\"call back\"]");
        expected.put("notes", "[{\"title\":\"First call\",\"description\":\"Wants a demo\"}]");
        expected.put("attributes", "[{\"key\":\"ID\",\"value\":\"BP001\"}]");
        expected.put("created_at", "2024-03-01T10:00:00.000Z");
        expected.put("updated_at", "2024-03-02T12:00:00.000Z");
        expected.put("last_seen_at", "2024-03-02T11:31:00.000Z");
        expected.put("last_message_at", "2024-03-02T11:30:00.000Z");
        expected.put("last_message_by", "visitor");
        expected.put("last_message", "Hello there");
        expected.put("website_visits", "5");
        expected.put("is_online", "true");
        expected.put("picture", "https://cdn.example.com/a.png");
        assertThat(cells).containsExactlyEntriesOf(expected);
    }

    @Test
    void aChatWithNoProfileHasEmptyCellsButIdUuidAndType() throws Exception {
        List<String[]> rows = writeAndRead(TestChats.bare());
        Map<String, String> cells = byColumn(rows.get(0), rows.get(1));
        assertThat(cells).containsEntry("id", "bare-1").containsEntry("uuid", "uuid-bare").containsEntry("type", "non-lead");
        cells.keySet().removeAll(List.of("id", "uuid", "type"));
        assertThat(cells.values()).hasSize(21).allMatch(String::isEmpty);
    }

    @Test
    void textWithCommasQuotesNewlinesEmojiAndRtlParsesBackUnchanged() throws Exception {
        List<String> texts = List.of("a, b, c", "she said \"hi\"", "line one\nline two", "two\n\nlines",
                "emoji \uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD", "\u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD",
                "mixed \u202Eevil\u202C, \"x\"\n", " leading and trailing ");
        TypedChat[] chats = new TypedChat[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            chats[i] = TestChats.withText("t" + i, texts.get(i));
        }
        List<String[]> rows = writeAndRead(chats);
        int name = ChatColumn.NAMES.indexOf("name");
        int city = ChatColumn.NAMES.indexOf("city");
        int message = ChatColumn.NAMES.indexOf("last_message");
        for (int i = 0; i < texts.size(); i++) {
            String[] row = rows.get(i + 1);
            assertThat(row[name]).isEqualTo(texts.get(i));
            assertThat(row[city]).isEqualTo(texts.get(i));
            assertThat(row[message]).isEqualTo(texts.get(i));
            assertThat(ListEncoding.decodeTags(row[ChatColumn.NAMES.indexOf("tags")])).containsExactly(texts.get(i));
        }
    }

    @Test
    void formulaTriggersAreGuardedInEveryColumnIncludingDialCode() throws Exception {
        List<String> hostile = List.of("=1+2", "+49 x", "-2+3", "@SUM(A1)", "\tcmd", "=HYPERLINK(\"http://x\")");
        TypedChat[] chats = new TypedChat[hostile.size()];
        for (int i = 0; i < hostile.size(); i++) {
            chats[i] = TestChats.withText("h" + i, hostile.get(i));
        }
        List<String[]> rows = writeAndRead(chats);
        List<String> plainColumns = List.of("uuid", "status", "name", "email", "phone", "agent_id", "city", "country",
                "gender", "created_at", "updated_at", "last_seen_at", "last_message_at", "last_message_by",
                "last_message", "picture");
        for (int i = 0; i < hostile.size(); i++) {
            Map<String, String> cells = byColumn(rows.get(0), rows.get(i + 1));
            for (String column : plainColumns) {
                assertThat(cells.get(column)).as(column).isEqualTo("'" + hostile.get(i));
                assertThat(FormulaGuard.unguard(cells.get(column))).isEqualTo(hostile.get(i));
            }
        }
        // a prefix is written with "+": every dial code starts with a trigger and is guarded
        List<String[]> fullRows = writeAndRead(TestChats.full());
        assertThat(byColumn(fullRows.get(0), fullRows.get(1)).get("dial_code")).isEqualTo("'+91");
    }

    @Test
    void idAndAgentIdStartingWithATriggerAreGuarded() throws Exception {
        List<String[]> rows = writeAndRead(TestChats.lead("=cmd|' /C calc'!A0", "OPEN", null, null, "-agent", null));
        Map<String, String> cells = byColumn(rows.get(0), rows.get(1));
        assertThat(cells.get("id")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(cells.get("agent_id")).isEqualTo("'-agent");
    }

    @Test
    void fileIsUtf8WithoutBomWithCrlfAndQuotesOnlyWhereNeeded() throws Exception {
        writeAndRead(TestChats.withText("q1", "plain"), TestChats.withText("q2", "a,b"));
        byte[] bytes = Files.readAllBytes(folder.resolve("chats.csv"));
        assertThat(bytes[0]).isEqualTo((byte) 'i');
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).startsWith(String.join(",", ChatColumn.NAMES) + "\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        assertThat(text).contains("\r\nq1,plain,lead,plain,plain,");
        assertThat(text).contains("\r\nq2,\"a,b\",lead,");
    }

    @Test
    void carriageReturnsInsideValuesStayInTheFile() throws Exception {
        writeAndRead(TestChats.withText("cr1", "crlf\r\ninside"), TestChats.withText("cr2", "\rcmd"));
        String text = content(folder.resolve("chats.csv"));
        assertThat(text).contains("\r\ncr1,\"crlf\r\ninside\",lead,");
        assertThat(text).contains("\r\ncr2,\"'\rcmd\",lead,");
    }

    @Test
    void csvKeepsTextOfAnyLength() throws Exception {
        String longText = "x".repeat(40_000);
        List<String[]> rows = writeAndRead(TestChats.withText("long", longText));
        assertThat(rows.get(1)[ChatColumn.NAMES.indexOf("last_message")]).isEqualTo(longText);
    }

    @Test
    void dialCodeGetsAPlusAndIsEmptyWithoutPrefix() {
        assertThat(ChatColumn.dialCode("91")).isEqualTo("+91");
        assertThat(ChatColumn.dialCode("+44")).isEqualTo("+44");
        assertThat(ChatColumn.dialCode(null)).isEmpty();
        assertThat(ChatColumn.dialCode(" ")).isEmpty();
    }

    static String content(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
