package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.report.TypedChat;

class StagedChatsTest {
    private final StagedChats staged = new StagedChats(dataSource());

    private static JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:staged-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return ds;
    }

    private static Chat chat(String id, String name) {
        return new Chat(id, "uuid-" + id, "2024-03-01T10:00:00.000Z", null, null, null,
                new Chat.Profile(null, new Chat.UserDetails(name, null, null, null, null, null, null, null)), "OPEN",
                null, 3, null);
    }

    private List<String> namesRead() {
        List<String> names = new ArrayList<>();
        staged.forEachLatest(1, (TypedChat typed) -> names.add(typed.type().apiValue() + ":" + typed.chat().id() + ":"
                + typed.chat().userDetails().name()));
        return names;
    }

    @Test
    void aPageIsStagedAsTheApiSentItAndReadBackAsItsChats() {
        String body = "{\"success\":true,\"message\":\"ok\",\"data\":[{\"_id\":\"a1\",\"uuid\":\"u1\",\"status\":\"OPEN\","
                + "\"profile\":{\"userDetails\":{\"name\":\"As sent \\u00e9\"}},\"someFieldWeDoNotKnow\":1}],\"code\":200}";
        // the parsed chats differ from the body on purpose: what is staged and read back is the body
        staged.stage(1, List.of(new ChatPage(ChatType.LEAD, 1, List.of(chat("a1", "parsed")),
                body.getBytes(StandardCharsets.UTF_8))));

        assertThat(namesRead()).containsExactly("lead:a1:As sent \u00e9");
        assertThat(staged.count(1)).isEqualTo(1);
    }

    @Test
    void aPageWithoutABodyIsStagedAsItsChatsAndBothKindsReadBackInListingOrder() {
        byte[] body = "{\"data\":[{\"_id\":\"n1\"},{\"_id\":\"a1\",\"profile\":{\"userDetails\":{\"name\":\"later copy\"}}}]}"
                .getBytes(StandardCharsets.UTF_8);
        staged.stage(1, List.of(
                new ChatPage(ChatType.NON_LEAD, 1, List.of(chat("n1", null), chat("a1", null)), body),
                new ChatPage(ChatType.LEAD, 1, List.of(chat("a1", "first copy"), chat("b2", "only copy")))));

        // leads first; a1's lead copy is superseded by the copy read later on the non-lead page
        assertThat(namesRead()).containsExactly("lead:b2:only copy", "non-lead:n1:null", "non-lead:a1:later copy");
    }
}
