package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.botbuddy.batch.PostgresSchemaForTests;
import com.botbuddy.batch.client.ChatType;

/**
 * Staging on the production job repository, PostgreSQL (the local server, {@code 127.0.0.1:5432}, database
 * {@code test}; skipped with the reason when it does not answer): bodies in a {@code BYTEA} column of the
 * table, no spool file. Each test works in a schema of its own, which other processes' housekeeping on the
 * shared database does not reach.
 */
class StagedChatsOnPostgresTest {
    private PostgresSchemaForTests schema;
    private DataSource dataSource;

    @BeforeEach
    void connect() {
        schema = PostgresSchemaForTests.create("bb_staging_test_");
        dataSource = schema.dataSource();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    private static ChatPage page(ChatType type, int number, String... idsAndNames) {
        StringBuilder json = new StringBuilder("{\"success\":true,\"data\":[");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            keys.add(idsAndNames[i]);
            json.append(i == 0 ? "" : ",").append("{\"_id\":\"").append(idsAndNames[i])
                    .append("\",\"profile\":{\"userDetails\":{\"name\":\"").append(idsAndNames[i + 1]).append("\"}}}");
        }
        return new ChatPage(type, number, keys, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pagesAreStagedInByteaRowsAndReadBackWithTheLastCopyWinningThenDropped() {
        StagedChats staged = new StagedChats(dataSource);
        staged.stage(StagingKey.of(11), List.of(page(ChatType.LEAD, 1, "a", "a first", "b", "b only"),
                page(ChatType.LEAD, 2, "c", "c first", "a", "a second")));
        staged.stage(StagingKey.of(11), List.of(page(ChatType.LEAD, 3, "c", "c last"),
                page(ChatType.NON_LEAD, 1, "n", "n only", "a", "a last")));

        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForList("SELECT data_type FROM information_schema.columns WHERE table_schema = ?"
                + " AND column_name IN ('body', 'keys')", String.class, schema.name())).containsOnly("bytea").hasSize(2);
        assertThat(jdbc.queryForObject("SELECT attcompression FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attname = 'body'", String.class, schema.name() + "." + StagingTables.pages(StagingKey.of(11))))
                .as("the bodies compressed by lz4, not the default pglz").isEqualTo("l");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + StagingTables.pages(StagingKey.of(11)), Long.class)).isEqualTo(3);
        assertThat(staged.lastStagedPage(StagingKey.of(11), ChatType.LEAD)).isEqualTo(3);
        assertThat(staged.lastStagedPage(StagingKey.of(11), ChatType.NON_LEAD)).isEqualTo(1);
        assertThat(staged.count(StagingKey.of(11))).isEqualTo(7);

        List<String> read = new ArrayList<>();
        StagedChats.Totals totals = staged.forEachLatest(StagingKey.of(11), typed -> read.add(typed.type().apiValue() + ":"
                + typed.chat().userDetails().name()));
        assertThat(read).containsExactly("lead:b only", "lead:c last", "non-lead:n only", "non-lead:a last");
        assertThat(totals).isEqualTo(new StagedChats.Totals(4, 7, 4));
        assertThat(staged.stagedInstances()).contains(11L);

        assertThat(staged.drop(11)).isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
                Long.class, schema.name())).isZero();
    }
}
