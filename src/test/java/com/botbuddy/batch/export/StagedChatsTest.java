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
        staged.forEachLatest(StagingKey.of(1), (TypedChat typed) -> names.add(typed.type().apiValue() + ":" + typed.chat().id() + ":"
                + typed.chat().userDetails().name()));
        return names;
    }

    @Test
    void aPageIsStagedAsTheApiSentItAndReadBackAsItsChats() {
        String body = "{\"success\":true,\"message\":\"ok\",\"data\":[{\"_id\":\"a1\",\"uuid\":\"u1\",\"status\":\"OPEN\","
                + "\"profile\":{\"userDetails\":{\"name\":\"As sent \\u00e9\"}},\"someFieldWeDoNotKnow\":1}],\"code\":200}";
        // the parsed chats differ from the body on purpose: what is staged and read back is the body
        staged.stage(StagingKey.of(1), List.of(ChatPage.of(ChatType.LEAD, 1, List.of(chat("a1", "parsed")),
                body.getBytes(StandardCharsets.UTF_8))));

        assertThat(namesRead()).containsExactly("lead:a1:As sent \u00e9");
        assertThat(staged.count(StagingKey.of(1))).isEqualTo(1);
    }

    @Test
    void aPageOfParsedChatsIsStagedAsAListingOfThemAndReadBackInListingOrder() {
        byte[] body = "{\"data\":[{\"_id\":\"n1\"},{\"_id\":\"a1\",\"profile\":{\"userDetails\":{\"name\":\"later copy\"}}}]}"
                .getBytes(StandardCharsets.UTF_8);
        staged.stage(StagingKey.of(1), List.of(
                ChatPage.of(ChatType.NON_LEAD, 1, List.of(chat("n1", null), chat("a1", null)), body),
                ChatPage.of(ChatType.LEAD, 1, List.of(chat("a1", "first copy"), chat("b2", "only copy")))));

        // leads first; a1's lead copy is superseded by the copy read later on the non-lead page
        assertThat(namesRead()).containsExactly("lead:b2:only copy", "non-lead:n1:null", "non-lead:a1:later copy");
    }

    @Test
    void aStagedPageWithAValueOfTheWrongKindFailsTheReadingNamingTypeAndPage() {
        // the fetch takes only the keys: a value the chats cannot hold is found when the report reads the page
        byte[] body = "{\"data\":[{\"_id\":\"w1\",\"websiteVisits\":\"many\"}]}".getBytes(StandardCharsets.UTF_8);
        staged.stage(StagingKey.of(1), List.of(new ChatPage(ChatType.NON_LEAD, 12, java.util.Arrays.asList("w1"), body)));

        org.assertj.core.api.Assertions.assertThatThrownBy(this::namesRead)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("non-lead page 12 as the API sent it cannot be read as chats: ")
                .hasMessageContaining("many");
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path home;

    @Test
    void onAnH2FileThePageBodiesGoToASpoolFileAndTheTableKeepsWhereTheyAre() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + home.resolve("botbuddy") + ";CACHE_SIZE=1024");
        StagedChats onFile = new StagedChats(ds);
        byte[] body = "{\"data\":[{\"_id\":\"f1\",\"profile\":{\"userDetails\":{\"name\":\"from the file\"}}}]}"
                .getBytes(StandardCharsets.UTF_8);
        onFile.stage(StagingKey.of(7), List.of(ChatPage.of(ChatType.LEAD, 1, List.of(chat("f1", null)), body),
                ChatPage.of(ChatType.LEAD, 2, List.of(chat("f2", "no body")))));

        java.nio.file.Path spool = home.resolve("staging").resolve("export-7.pages");
        assertThat(spool).exists();
        assertThat(java.nio.file.Files.size(spool)).isGreaterThan(body.length);
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT BODY FROM " + StagingTables.pages(StagingKey.of(7)) + " ORDER BY SEQ")) {
            while (rs.next()) {
                assertThat(PageSpool.isPointer(rs.getBytes(1))).isTrue();
            }
        }
        List<String> names = new ArrayList<>();
        onFile.forEachLatest(StagingKey.of(7), typed -> names.add(typed.chat().id() + ":" + typed.chat().userDetails().name()));
        assertThat(names).containsExactly("f1:from the file", "f2:no body");

        assertThat(onFile.drop(7)).isEqualTo(2);
        assertThat(spool).doesNotExist();
        assertThat(onFile.stagedInstances()).doesNotContain(7L);
    }

    private static byte[] listing(String... idsAndNames) {
        StringBuilder json = new StringBuilder("{\"success\":true,\"data\":[");
        for (int i = 0; i < idsAndNames.length; i += 2) {
            json.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(idsAndNames[i])
                    .append("\",\"profile\":{\"userDetails\":{\"name\":\"").append(idsAndNames[i + 1]).append("\"}}}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stripesOfOneTargetShareItsStagingEachResumingAfterItsOwnLastPageAndTheCopyFromTheHighestPageWins() {
        StagingKey target = new StagingKey(8, 2);
        // stripe 0 of 3 read pages 1 and 4, stripe 1 page 2, stripe 2 nothing yet; chat "a" moved from page 1 to 4
        staged.stage(target, List.of(page(ChatType.LEAD, 4, "a", "a on page 4")));
        staged.stage(target, List.of(page(ChatType.LEAD, 2, "b", "b")));
        staged.stage(target, List.of(page(ChatType.LEAD, 1, "a", "a on page 1", "c", "c")));

        assertThat(staged.lastStagedPage(target, ChatType.LEAD, 1, 0, 3)).isEqualTo(4);
        assertThat(staged.lastStagedPage(target, ChatType.LEAD, 1, 1, 3)).isEqualTo(2);
        assertThat(staged.lastStagedPage(target, ChatType.LEAD, 1, 2, 3)).isNull();
        assertThat(staged.lastStagedPage(target, ChatType.NON_LEAD, 1, 0, 3)).isNull();
        List<String> names = new ArrayList<>();
        staged.forEachLatest(target, typed -> names.add(typed.chat().userDetails().name()));
        assertThat(names).containsExactly("c", "b", "a on page 4");
        assertThat(staged.count(StagingKey.of(8))).as("the instance's own staging is another").isZero();
    }

    @Test
    void droppingAnInstanceDropsTheStagingOfEveryOneOfItsTargetsAndNoOtherInstances() {
        staged.stage(new StagingKey(9, 1), List.of(page(ChatType.LEAD, 1, "a", "a")));
        staged.stage(new StagingKey(9, 2), List.of(page(ChatType.LEAD, 1, "b", "b", "c", "c")));
        staged.stage(StagingKey.of(10), List.of(page(ChatType.LEAD, 1, "d", "d")));

        assertThat(staged.stagedInstances()).contains(9L, 10L).doesNotHaveDuplicates();
        assertThat(staged.drop(9)).isEqualTo(3);
        assertThat(staged.stagedInstances()).doesNotContain(9L).contains(10L);
        assertThat(staged.count(StagingKey.of(10))).isEqualTo(1);
    }

    private static ChatPage page(ChatType type, int number, String... idsAndNames) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            keys.add(idsAndNames[i]);
        }
        return new ChatPage(type, number, keys, listing(idsAndNames));
    }

    private static long rows(JdbcDataSource ds, String table) throws Exception {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aChunkOfPagesIsOneRowInEachTableAndReadsBackPageByPageWithTheLastCopyWinning() throws Exception {
        JdbcDataSource ds = dataSource();
        StagedChats chunks = new StagedChats(ds);
        chunks.stage(StagingKey.of(3), List.of(page(ChatType.LEAD, 1, "a", "a first", "b", "b only"),
                page(ChatType.LEAD, 2, "c", "c first", "a", "a second"),
                page(ChatType.LEAD, 3, "d", "d only")));
        chunks.stage(StagingKey.of(3), List.of(page(ChatType.LEAD, 4, "c", "c last", "e", "e only")));

        assertThat(rows(ds, StagingTables.pages(StagingKey.of(3)))).isEqualTo(2);
        assertThat(rows(ds, StagingTables.keys(StagingKey.of(3)))).isEqualTo(2);
        assertThat(chunks.lastStagedPage(StagingKey.of(3), ChatType.LEAD)).isEqualTo(4);
        assertThat(chunks.lastStagedPage(StagingKey.of(3), ChatType.NON_LEAD)).isNull();
        List<String> names = new ArrayList<>();
        StagedChats.Totals totals = chunks.forEachLatest(StagingKey.of(3), typed -> names.add(typed.chat().userDetails().name()));
        assertThat(names).containsExactly("b only", "a second", "d only", "c last", "e only");
        assertThat(totals).isEqualTo(new StagedChats.Totals(4, 7, 5));
        assertThat(totals.duplicates()).isEqualTo(2);
    }

    @Test
    void pagesOfTwoTypesOrWithAGapInOneCallAreSeparateRuns() throws Exception {
        JdbcDataSource ds = dataSource();
        StagedChats chunks = new StagedChats(ds);
        chunks.stage(StagingKey.of(4), List.of(page(ChatType.LEAD, 1, "a", "a"), page(ChatType.LEAD, 2, "b", "b"),
                page(ChatType.LEAD, 5, "c", "c"), page(ChatType.NON_LEAD, 6, "d", "d")));

        assertThat(rows(ds, StagingTables.pages(StagingKey.of(4)))).isEqualTo(3);
        assertThat(chunks.lastStagedPage(StagingKey.of(4), ChatType.LEAD)).isEqualTo(5);
        assertThat(chunks.lastStagedPage(StagingKey.of(4), ChatType.NON_LEAD)).isEqualTo(6);
        List<String> names = new ArrayList<>();
        assertThat(chunks.forEachLatest(StagingKey.of(4), typed -> names.add(typed.chat().id())).pages()).isEqualTo(4);
        assertThat(names).containsExactly("a", "b", "c", "d");
    }

    @Test
    void oneListingAloneIsReadWithItsLastCopiesAndTheOtherListingsPagesAreNot() throws Exception {
        JdbcDataSource ds = dataSource();
        StagedChats chunks = new StagedChats(ds);
        chunks.stage(StagingKey.of(6), List.of(page(ChatType.LEAD, 1, "a", "a first", "b", "b"), page(ChatType.LEAD, 2, "a", "a last")));
        chunks.stage(StagingKey.of(6), List.of(page(ChatType.NON_LEAD, 1, "n", "n")));
        // a non-lead page that cannot be read: reading the leads alone never touches it
        try (java.sql.Connection c = ds.getConnection(); java.sql.PreparedStatement body = c.prepareStatement(
                "INSERT INTO " + StagingTables.pages(StagingKey.of(6)) + " (SEQ, CHAT_TYPE, CHATS, BODY) VALUES (?, 'non-lead', 1, ?)")) {
            body.setLong(1, ListingPosition.of(ChatType.NON_LEAD, 9, 0));
            body.setBytes(2, "not a run".getBytes(StandardCharsets.UTF_8));
            body.executeUpdate();
        }
        List<String> names = new ArrayList<>();
        chunks.forEachLatest(StagingKey.of(6), ChatType.LEAD, typed -> names.add(typed.type() + " " + typed.chat().userDetails().name()));
        assertThat(names).containsExactly("LEAD b", "LEAD a last");
    }

    @Test
    void aRowNotInTheLayoutThisBuildWritesFailsTheReadingInsteadOfBeingMisread() throws Exception {
        JdbcDataSource ds = dataSource();
        StagedChats other = new StagedChats(ds);
        other.stage(StagingKey.of(5), List.of(page(ChatType.LEAD, 3, "x", "x new")));
        try (java.sql.Connection c = ds.getConnection(); java.sql.PreparedStatement body = c.prepareStatement(
                "INSERT INTO " + StagingTables.pages(StagingKey.of(5)) + " (SEQ, CHAT_TYPE, CHATS, BODY) VALUES (?, 'lead', 2, ?)");
                java.sql.PreparedStatement keys = c.prepareStatement(
                        "INSERT INTO " + StagingTables.keys(StagingKey.of(5)) + " (SEQ, KEYS) VALUES (?, ?)")) {
            // one page to a row, its keys a JSON array: not a run of pages
            body.setLong(1, ListingPosition.of(ChatType.LEAD, 1, 0));
            body.setBytes(2, listing("p1", "page 1", "x", "x old"));
            body.executeUpdate();
            keys.setLong(1, ListingPosition.of(ChatType.LEAD, 1, 0));
            keys.setBytes(2, "[\"p1\",\"x\"]".getBytes(StandardCharsets.UTF_8));
            keys.executeUpdate();
        }

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.forEachLatest(StagingKey.of(5), typed -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in the layout this build writes");
    }
}
