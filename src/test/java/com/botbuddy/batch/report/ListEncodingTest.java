package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.databind.json.JsonMapper;

class ListEncodingTest {
    private static final JsonMapper JACKSON = JsonMapper.builder().build();
    private static final String[] PIECES = {"a", "call back", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000",
        "\u0001", "\u001f", "\u007f", "\u00e9", "\u2028", "\uD83D\uDE00", "\uD800", "=1+2", "<b>", "'", ""};

    private static String text(Random random) {
        if (random.nextInt(10) == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(6); n > 0; n--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    @Test
    void listsAreWrittenExactlyAsJacksonWritesThemAndReadBackUnchanged() {
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            List<String> tags = new ArrayList<>();
            List<Chat.Note> notes = new ArrayList<>();
            List<LeadUpdate.NoteInput> noteInputs = new ArrayList<>();
            List<Chat.Attribute> attributes = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                tags.add(text(random));
                Chat.Note note = new Chat.Note(text(random), text(random), "id-dropped");
                notes.add(note);
                noteInputs.add(new LeadUpdate.NoteInput(note.title(), note.description()));
                attributes.add(new Chat.Attribute(text(random), text(random)));
            }
            assertThat(ListEncoding.encodeTags(tags)).isEqualTo(JACKSON.writeValueAsString(tags));
            assertThat(ListEncoding.encodeNotes(notes)).isEqualTo(JACKSON.writeValueAsString(noteInputs));
            assertThat(ListEncoding.encodeAttributes(attributes)).isEqualTo(JACKSON.writeValueAsString(attributes));

            if (!tags.contains(null)) {
                assertThat(ListEncoding.decodeTags(ListEncoding.encodeTags(tags))).isEqualTo(tags);
            }
            assertThat(ListEncoding.decodeNotes(ListEncoding.encodeNotes(notes))).isEqualTo(noteInputs);
            assertThat(ListEncoding.decodeAttributes(ListEncoding.encodeAttributes(attributes))).isEqualTo(attributes);
        }
    }

    @Test
    void onlyQuotesBackslashesAndControlCharactersAreEscapedAndANotesIdIsLeftOut() {
        assertThat(ListEncoding.encodeTags(List.of("say \"hi\" \\ bye", "a\nb\r\t\b\f\u0000\u001f", "/<b>&'=1",
                "\u007f\u00e9\u2028\uD83D\uDE00\uD800")))
                .isEqualTo("[\"say \\\"hi\\\" \\\\ bye\",\"a\\nb\\r\\t\\b\\f\\u0000\\u001F\",\"/<b>&'=1\","
                        + "\"\u007f\u00e9\u2028\uD83D\uDE00\uD800\"]");
        assertThat(ListEncoding.encodeNotes(List.of(new Chat.Note("Call", "back\tMonday", "n-1"),
                new Chat.Note(null, "d", "n-2")))).isEqualTo("[{\"title\":\"Call\",\"description\":\"back\\tMonday\"},"
                        + "{\"description\":\"d\"}]");
    }

    @Test
    void emptyOrMissingListsAreEmptyCellsAndNullElementsStayNull() {
        assertThat(ListEncoding.encodeTags(null)).isEmpty();
        assertThat(ListEncoding.encodeTags(List.of())).isEmpty();
        assertThat(ListEncoding.encodeNotes(List.of())).isEmpty();
        assertThat(ListEncoding.encodeAttributes(null)).isEmpty();
        assertThat(ListEncoding.encodeTags(Arrays.asList("vip", null))).isEqualTo("[\"vip\",null]");
        assertThat(ListEncoding.encodeNotes(Arrays.asList(new Chat.Note(null, null, null), null)))
                .isEqualTo("[{},null]");
        assertThat(ListEncoding.encodeAttributes(List.of(new Chat.Attribute("ID", "BP001"))))
                .isEqualTo("[{\"key\":\"ID\",\"value\":\"BP001\"}]");
    }
}
