package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.importer.ImportStaging.StagedRow;

/** The staging table's queries on H2: plans that scale (index order, index lookups) and the CLOB-to-text migration. */
class ImportStagingTest {
    private SingleConnectionDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void setUp() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:staging" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", true);
        jdbc = new JdbcTemplate(dataSource);
    }

    private static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    private static List<ValidatedRow> rows(int from, int to) {
        List<ValidatedRow> rows = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            LeadUpdate body = new LeadUpdate(uuid(i), "bot", "cust", null, null, null, "name " + i, null, null, null,
                    null, null, null);
            rows.add(new ValidatedRow(i, uuid(i), body, null, List.of(uuid(i), "name " + i, "x".repeat(400))));
        }
        return rows;
    }

    private String explain(String sql, Object... args) {
        return jdbc.queryForObject("EXPLAIN " + sql, String.class, args);
    }

    @Test
    void pagedReadsAreIndexSortedAndDuplicateLookupUsesTheUuidIndex() {
        ImportStaging staging = new ImportStaging(dataSource);
        staging.ensureTable();

        assertThat(explain(ImportStaging.PENDING_SQL, 1L, 0, ImportOutcome.FAILED, 100)).contains("index sorted");
        assertThat(explain(ImportStaging.FOR_EACH_SQL, 1L, 0, 100)).contains("index sorted");
        String lookup = jdbc.execute((java.sql.Connection c) -> {
            try (var ps = c.prepareStatement("EXPLAIN " + ImportStaging.FIRST_ROWS_H2_SQL)) {
                ps.setArray(1, c.createArrayOf("VARCHAR", new String[] { uuid(1) }));
                ps.setLong(2, 1L);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(lookup).containsPattern("BOTBUDDY_IMPORT_ROW_UUID: JOB_INSTANCE_ID = \\?2\\s+AND UUID = L\\.U");
    }

    @Test
    void keysetPagesReadEveryRowOnceInOrder() {
        ImportStaging staging = new ImportStaging(dataSource);
        staging.ensureTable();
        int n = ImportStaging.FOR_EACH_PAGE_SIZE * 2 + 7;
        staging.insert(7L, rows(1, n));
        staging.insert(8L, rows(1, 3));

        List<Integer> seen = new ArrayList<>();
        staging.forEach(7L, row -> seen.add(row.rowNo()));
        assertThat(seen).hasSize(n).isSorted().doesNotHaveDuplicates();

        assertThat(staging.pending(7L, 5, 10)).extracting(ImportStaging.PendingRow::rowNo)
                .containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(staging.firstRows(7L, List.of(uuid(3), uuid(n), uuid(n + 1))))
                .containsOnlyKeys(uuid(3), uuid(n)).containsEntry(uuid(n), n);
    }

    @Test
    void aClobTableOfAnEarlierVersionBecomesTextWithItsRowsKept() {
        jdbc.execute("CREATE TABLE " + ImportStaging.TABLE + " (JOB_INSTANCE_ID BIGINT NOT NULL, ROW_NO INTEGER NOT NULL, "
                + "UUID VARCHAR(64), VALID BOOLEAN NOT NULL, BODY CLOB, CELLS CLOB NOT NULL, OUTCOME VARCHAR(32), "
                + "HTTP_STATUS INTEGER, REASON CLOB, PRIMARY KEY (JOB_INSTANCE_ID, ROW_NO))");
        jdbc.update("INSERT INTO " + ImportStaging.TABLE + " (JOB_INSTANCE_ID, ROW_NO, UUID, VALID, BODY, CELLS, OUTCOME,"
                + " REASON) VALUES (1, 2, ?, FALSE, NULL, ?, 'rejected', ?)", uuid(1), "[\"" + "y".repeat(5000) + "\"]",
                "bad " + "z".repeat(1000));

        ImportStaging staging = new ImportStaging(dataSource);
        staging.ensureTable();

        assertThat(jdbc.queryForList("SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = ?"
                + " AND COLUMN_NAME IN ('BODY', 'CELLS', 'REASON')", String.class, ImportStaging.TABLE))
                .containsOnly("CHARACTER VARYING");
        List<StagedRow> rows = new ArrayList<>();
        staging.forEach(1L, rows::add);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).cells()).containsExactly("y".repeat(5000));
        assertThat(rows.get(0).reason()).hasSize(1004);
    }

    @Test
    void liveSnapshotKeepsTheLaterCopyIsLookedUpByUuidAndIsDeletedWithItsInstanceOnly() {
        ImportStaging staging = new ImportStaging(dataSource);
        staging.ensureTable();
        int n = ImportStaging.DELETE_BATCH_ROWS * 2 + 11;
        List<ImportStaging.LiveChat> chats = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            chats.add(new ImportStaging.LiveChat(uuid(i), "lead", 1000L + i, java.util.Map.of("name", "n" + i)));
        }
        staging.upsertLive(7L, chats);
        staging.upsertLive(7L, List.of(new ImportStaging.LiveChat(uuid(5), "lead", 9999L, java.util.Map.of("name", "later"))));
        staging.upsertLive(8L, chats.subList(0, 3));

        var found = staging.live(7L, List.of(uuid(5), uuid(n), uuid(n + 1)));
        assertThat(found).containsOnlyKeys(uuid(5), uuid(n));
        assertThat(found.get(uuid(5)).updatedAtMs()).isEqualTo(9999L);
        assertThat(found.get(uuid(5)).fields()).containsEntry("name", "later");

        staging.delete(7L);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + ImportStaging.LIVE_TABLE + " WHERE JOB_INSTANCE_ID = 7",
                Integer.class)).isZero();
        assertThat(staging.live(8L, List.of(uuid(1), uuid(2), uuid(3)))).hasSize(3);
    }
}
