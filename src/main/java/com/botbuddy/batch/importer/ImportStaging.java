package com.botbuddy.batch.importer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The staging table of the import job, {@value #TABLE}: one row per data row of the file, keyed by job instance
 * and spreadsheet row number. The validate step inserts rows (with the update body as JSON, or the rejection
 * reason) in the same transaction as its chunk; the send step records each outcome in the same transaction as its
 * chunk. So after a crash the table and Spring Batch's own step contexts agree, and a restart knows what was sent.
 * Rows of a COMPLETED instance are deleted.
 * <p>
 * Beside it, {@value #LIVE_TABLE}: the live snapshot, the chats of the instance's rows as the listing had them when
 * the import started (their {@code updatedAt} and editable fields, see {@link LeadFields}), keyed by job instance and
 * uuid; a restart uses it as it is. The conflict check, the undo file and the dry run's changes read it.
 */
@Component
public class ImportStaging {
    public static final String TABLE = "BOTBUDDY_IMPORT_ROW";
    public static final String LIVE_TABLE = "BOTBUDDY_IMPORT_LIVE";

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> CELLS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private volatile boolean ready;
    private volatile Boolean h2;

    public ImportStaging(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /**
     * A valid row still to send (never sent, or failed in an earlier execution), with the {@code updated_at} it carries
     * (epoch ms) or {@code null}.
     */
    public record PendingRow(int rowNo, String uuid, LeadUpdate body, Long updatedAtMs) {
        public PendingRow(int rowNo, String uuid, LeadUpdate body) {
            this(rowNo, uuid, body, null);
        }
    }

    /** A chat of the live snapshot: its uuid, {@code updatedAt} (epoch ms, null when it has none) and editable fields. */
    public record LiveChat(String uuid, String type, Long updatedAtMs, Map<String, String> fields) {
    }

    /** What the rows ask of the live read: how many are valid, how many carry updated_at, which listings they are in. */
    public record LiveNeeds(long valid, long withUpdatedAt, long leads, long nonLeads, long untyped) {
    }

    /** What happened to a sent row. */
    public record Outcome(int rowNo, String outcome, Integer httpStatus, String reason) {
    }

    /**
     * One staged row as the report needs it, with its chat from the live snapshot ({@code liveFields} by column name,
     * {@code null} when the snapshot has no such chat or none was taken).
     */
    public record StagedRow(int rowNo, String uuid, boolean valid, String bodyJson, List<String> cells, String outcome,
            Integer httpStatus, String reason, Map<String, String> liveFields) {
    }

    public record Counts(long read, long valid, long invalid, long updated, long rejected, long failed, long dryRun,
            long pending, long conflicts) {
    }

    /**
     * Creates the table and its index when missing (H2 or PostgreSQL). The long text columns (BODY, CELLS, REASON) are
     * TEXT on PostgreSQL and CHARACTER VARYING (up to 1,000,000,000 characters) on H2: H2 keeps a CLOB over 256 bytes
     * apart from its row, in its LOB storage, so every staged row (its cells as JSON are a few hundred bytes) cost
     * extra map writes on insert and a LOB read, with its own reader, on every read. A table created as CLOB by an
     * earlier version is converted in place (its staged rows kept).
     */
    public synchronized void ensureTable() {
        if (ready) {
            return;
        }
        String product = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().toLowerCase());
        String text = product.contains("h2") ? "CHARACTER VARYING" : product.contains("postgres") ? "TEXT" : "CLOB";
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "JOB_INSTANCE_ID BIGINT NOT NULL, "
                + "ROW_NO INTEGER NOT NULL, "
                + "UUID VARCHAR(64), "
                + "VALID BOOLEAN NOT NULL, "
                + "BODY " + text + ", "
                + "CELLS " + text + " NOT NULL, "
                + "OUTCOME VARCHAR(32), "
                + "HTTP_STATUS INTEGER, "
                + "REASON " + text + ", "
                + "UPDATED_AT_MS BIGINT, "
                + "CHAT_TYPE VARCHAR(16), "
                + "PRIMARY KEY (JOB_INSTANCE_ID, ROW_NO))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_UUID ON " + TABLE + " (JOB_INSTANCE_ID, UUID)");
        // a table an earlier build created lacks the two columns of the conflict check
        jdbc.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS UPDATED_AT_MS BIGINT");
        jdbc.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS CHAT_TYPE VARCHAR(16)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + LIVE_TABLE + " ("
                + "JOB_INSTANCE_ID BIGINT NOT NULL, "
                + "UUID VARCHAR(64) NOT NULL, "
                + "CHAT_TYPE VARCHAR(16), "
                + "UPDATED_AT_MS BIGINT, "
                + "FIELDS " + text + " NOT NULL, "
                + "PRIMARY KEY (JOB_INSTANCE_ID, UUID))");
        if (isH2()) {
            List<String> lobColumns = jdbc.queryForList("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ? AND DATA_TYPE = 'CHARACTER LARGE OBJECT'",
                    String.class, TABLE);
            for (String column : lobColumns) {
                jdbc.execute("ALTER TABLE " + TABLE + " ALTER COLUMN " + column + " SET DATA TYPE CHARACTER VARYING");
            }
        }
        ready = true;
    }

    static final String FIRST_ROWS_H2_SQL = "SELECT L.U, MIN(T.ROW_NO) FROM UNNEST(CAST(? AS VARCHAR(64) ARRAY)) AS L(U)"
            + " JOIN " + TABLE + " T ON T.JOB_INSTANCE_ID = ? AND T.UUID = L.U GROUP BY L.U";

    /**
     * The first row number already staged for each of {@code uuids} in this instance. One query per validate chunk,
     * looked up through the (JOB_INSTANCE_ID, UUID) index. H2 uses only the JOB_INSTANCE_ID part of that index for
     * {@code UUID IN (...)} (so each chunk scanned every row staged before it: quadratic in the file's rows); joining
     * the uuids as a table ({@code UNNEST}) makes it look up each (instance, uuid) pair instead. PostgreSQL plans
     * the IN list on the index by itself.
     */
    public Map<String, Integer> firstRows(long instanceId, Collection<String> uuids) {
        Map<String, Integer> first = new HashMap<>();
        if (uuids.isEmpty()) {
            return first;
        }
        if (isH2()) {
            String[] keys = uuids.toArray(String[]::new);
            jdbc.query(FIRST_ROWS_H2_SQL,
                    ps -> {
                        ps.setArray(1, ps.getConnection().createArrayOf("VARCHAR", keys));
                        ps.setLong(2, instanceId);
                    },
                    (RowCallbackHandler) rs -> first.put(rs.getString(1), rs.getInt(2)));
            return first;
        }
        named.query("SELECT UUID, MIN(ROW_NO) AS FIRST_ROW FROM " + TABLE
                + " WHERE JOB_INSTANCE_ID = :instance AND UUID IN (:uuids) GROUP BY UUID",
                new MapSqlParameterSource("instance", instanceId).addValue("uuids", uuids),
                (RowCallbackHandler) rs -> first.put(rs.getString(1), rs.getInt(2)));
        return first;
    }

    private boolean isH2() {
        Boolean known = h2;
        if (known == null) {
            known = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2"));
            h2 = known;
        }
        return known;
    }

    public void insert(long instanceId, List<ValidatedRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (ValidatedRow row : rows) {
            args.add(new Object[] { instanceId, row.rowNo(), row.uuid(), row.valid(),
                    row.valid() ? JSON.writeValueAsString(row.body()) : null,
                    JSON.writeValueAsString(row.cells()),
                    row.valid() ? null : ImportOutcome.REJECTED,
                    row.valid() ? null : row.reason(),
                    row.updatedAtMs(),
                    row.type() == null ? null : row.type().apiValue() });
        }
        jdbc.batchUpdate("INSERT INTO " + TABLE + " (JOB_INSTANCE_ID, ROW_NO, UUID, VALID, BODY, CELLS, OUTCOME, REASON,"
                + " UPDATED_AT_MS, CHAT_TYPE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    static final String PENDING_SQL = "SELECT ROW_NO, UUID, BODY, UPDATED_AT_MS FROM " + TABLE
            + " WHERE JOB_INSTANCE_ID = ? AND ROW_NO > ? AND VALID = TRUE AND (OUTCOME IS NULL OR OUTCOME = ?)"
            + " ORDER BY JOB_INSTANCE_ID, ROW_NO FETCH FIRST ? ROWS ONLY";

    /**
     * Valid rows after {@code afterRowNo} with no outcome yet or {@code failed}, in row order (keyset page). The
     * ORDER BY names the whole primary key, (JOB_INSTANCE_ID, ROW_NO): only then does H2 see that the primary key index
     * already gives that order ("index sorted" in EXPLAIN) and stop after {@code limit} rows; {@code ORDER BY ROW_NO}
     * alone made it read and sort every remaining row, long text values included, for every page.
     */
    public List<PendingRow> pending(long instanceId, int afterRowNo, int limit) {
        return jdbc.query(PENDING_SQL,
                (rs, i) -> new PendingRow(rs.getInt(1), rs.getString(2), JSON.readValue(rs.getString(3), LeadUpdate.class),
                        longOrNull(rs, 4)),
                instanceId, afterRowNo, ImportOutcome.FAILED, limit);
    }

    public void recordOutcomes(long instanceId, List<Outcome> outcomes) {
        List<Object[]> args = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            args.add(new Object[] { o.outcome(), o.httpStatus(), o.reason(), instanceId, o.rowNo() });
        }
        jdbc.batchUpdate("UPDATE " + TABLE + " SET OUTCOME = ?, HTTP_STATUS = ?, REASON = ?"
                + " WHERE JOB_INSTANCE_ID = ? AND ROW_NO = ?", args);
    }

    public Counts counts(long instanceId) {
        return jdbc.queryForObject("SELECT COUNT(*),"
                + " SUM(CASE WHEN VALID THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN VALID THEN 0 ELSE 1 END),"
                + " SUM(CASE WHEN OUTCOME = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN OUTCOME = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN OUTCOME = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN OUTCOME = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN VALID AND OUTCOME IS NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN OUTCOME = ? THEN 1 ELSE 0 END)"
                + " FROM " + TABLE + " WHERE JOB_INSTANCE_ID = ?",
                (rs, i) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)),
                ImportOutcome.UPDATED, ImportOutcome.REJECTED, ImportOutcome.FAILED, ImportOutcome.DRY_RUN,
                ImportOutcome.CONFLICT, instanceId);
    }

    /** What the instance's rows ask of the live read (one query over the instance's rows). */
    public LiveNeeds liveNeeds(long instanceId) {
        return jdbc.queryForObject("SELECT COUNT(*),"
                + " SUM(CASE WHEN UPDATED_AT_MS IS NOT NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN CHAT_TYPE = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN CHAT_TYPE = ? THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN CHAT_TYPE IS NULL THEN 1 ELSE 0 END)"
                + " FROM " + TABLE + " WHERE JOB_INSTANCE_ID = ? AND VALID = TRUE",
                (rs, i) -> new LiveNeeds(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                ChatType.LEAD.apiValue(), ChatType.NON_LEAD.apiValue(),
                instanceId);
    }

    /**
     * Stores chats of the live snapshot; a chat already stored (the listing repeated it, or a restart reads its page
     * again) is replaced by the later copy.
     */
    public void upsertLive(long instanceId, List<LiveChat> chats) {
        if (chats.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(chats.size());
        for (LiveChat c : chats) {
            args.add(new Object[] { instanceId, c.uuid(), c.type(), c.updatedAtMs(), JSON.writeValueAsString(c.fields()) });
        }
        if (isH2()) {
            jdbc.batchUpdate("MERGE INTO " + LIVE_TABLE + " (JOB_INSTANCE_ID, UUID, CHAT_TYPE, UPDATED_AT_MS, FIELDS)"
                    + " KEY (JOB_INSTANCE_ID, UUID) VALUES (?, ?, ?, ?, ?)", args);
        } else {
            jdbc.batchUpdate("INSERT INTO " + LIVE_TABLE + " (JOB_INSTANCE_ID, UUID, CHAT_TYPE, UPDATED_AT_MS, FIELDS)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (JOB_INSTANCE_ID, UUID) DO UPDATE SET"
                    + " CHAT_TYPE = EXCLUDED.CHAT_TYPE, UPDATED_AT_MS = EXCLUDED.UPDATED_AT_MS, FIELDS = EXCLUDED.FIELDS",
                    args);
        }
    }

    static final String LIVE_H2_SQL = "SELECT T.UUID, T.CHAT_TYPE, T.UPDATED_AT_MS, T.FIELDS"
            + " FROM UNNEST(CAST(? AS VARCHAR(64) ARRAY)) AS L(U)"
            + " JOIN " + LIVE_TABLE + " T ON T.JOB_INSTANCE_ID = ? AND T.UUID = L.U";

    /** The snapshot's chats with these uuids (one query, looked up by key; see {@link #firstRows} for the H2 form). */
    public Map<String, LiveChat> live(long instanceId, Collection<String> uuids) {
        Map<String, LiveChat> found = new HashMap<>();
        if (uuids.isEmpty()) {
            return found;
        }
        RowCallbackHandler each = rs -> found.put(rs.getString(1), new LiveChat(rs.getString(1), rs.getString(2),
                longOrNull(rs, 3), JSON.readValue(rs.getString(4), FIELDS)));
        if (isH2()) {
            String[] keys = uuids.toArray(String[]::new);
            jdbc.query(LIVE_H2_SQL, ps -> {
                ps.setArray(1, ps.getConnection().createArrayOf("VARCHAR", keys));
                ps.setLong(2, instanceId);
            }, each);
            return found;
        }
        named.query("SELECT UUID, CHAT_TYPE, UPDATED_AT_MS, FIELDS FROM " + LIVE_TABLE
                + " WHERE JOB_INSTANCE_ID = :instance AND UUID IN (:uuids)",
                new MapSqlParameterSource("instance", instanceId).addValue("uuids", uuids), each);
        return found;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Rows of an instance per {@link #forEach} query. */
    static final int FOR_EACH_PAGE_SIZE = 500;
    static final String FOR_EACH_SQL = "SELECT T.ROW_NO, T.UUID, T.VALID, T.BODY, T.CELLS, T.OUTCOME, T.HTTP_STATUS,"
            + " T.REASON, L.FIELDS FROM " + TABLE + " T LEFT JOIN " + LIVE_TABLE + " L"
            + " ON L.JOB_INSTANCE_ID = T.JOB_INSTANCE_ID AND L.UUID = T.UUID"
            + " WHERE T.JOB_INSTANCE_ID = ? AND T.ROW_NO > ? ORDER BY T.JOB_INSTANCE_ID, T.ROW_NO FETCH FIRST ? ROWS ONLY";

    /**
     * Every staged row of the instance in row order, read in keyset pages of {@value #FOR_EACH_PAGE_SIZE} rows (index
     * sorted on the primary key, see {@link #pending}), so memory stays one page whatever the number of rows: a single
     * query over the instance is materialised by H2 (up to 40,000 rows in memory before it spills), and one ordered
     * by ROW_NO alone is sorted in memory as a whole.
     */
    public void forEach(long instanceId, java.util.function.Consumer<StagedRow> consumer) {
        int after = 0;
        while (true) {
            List<StagedRow> page = jdbc.query(FOR_EACH_SQL, (rs, i) -> map(rs), instanceId, after, FOR_EACH_PAGE_SIZE);
            for (StagedRow row : page) {
                consumer.accept(row);
            }
            if (page.size() < FOR_EACH_PAGE_SIZE) {
                return;
            }
            after = page.get(page.size() - 1).rowNo();
        }
    }

    private static StagedRow map(ResultSet rs) throws SQLException {
        int status = rs.getInt(7);
        Integer http = rs.wasNull() ? null : status;
        String live = rs.getString(9);
        return new StagedRow(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                JSON.readValue(rs.getString(5), CELLS), rs.getString(6), http, rs.getString(8),
                live == null ? null : JSON.readValue(live, FIELDS));
    }

    /** Rows per {@link #delete} statement. */
    static final int DELETE_BATCH_ROWS = 2000;

    /**
     * Deletes the instance's rows in row-number ranges of {@value #DELETE_BATCH_ROWS}, each its own statement (and, run
     * outside a transaction as the job listener does, its own commit): one statement over 100,000 rows made H2 hold
     * every deleted row in the transaction's undo log at once, the run's heap peak.
     */
    public int delete(long instanceId) {
        // the snapshot in key ranges of DELETE_BATCH_ROWS uuids, each its own statement, as the rows below (a
        // DELETE ... IN (SELECT ... FETCH FIRST n) made H2 evaluate the subquery for every row: quadratic)
        String after = "";
        while (true) {
            String last = jdbc.queryForObject("SELECT MAX(K.UUID) FROM (SELECT UUID FROM " + LIVE_TABLE
                    + " WHERE JOB_INSTANCE_ID = ? AND UUID > ? ORDER BY JOB_INSTANCE_ID, UUID FETCH FIRST "
                    + DELETE_BATCH_ROWS + " ROWS ONLY) K", String.class, instanceId, after);
            if (last == null) {
                break;
            }
            jdbc.update("DELETE FROM " + LIVE_TABLE + " WHERE JOB_INSTANCE_ID = ? AND UUID > ? AND UUID <= ?",
                    instanceId, after, last);
            after = last;
        }
        Integer last = jdbc.queryForObject("SELECT MAX(ROW_NO) FROM " + TABLE + " WHERE JOB_INSTANCE_ID = ?",
                Integer.class, instanceId);
        if (last == null) {
            return 0;
        }
        int deleted = 0;
        for (long from = 0; from <= last; from += DELETE_BATCH_ROWS) {
            deleted += jdbc.update("DELETE FROM " + TABLE + " WHERE JOB_INSTANCE_ID = ? AND ROW_NO > ? AND ROW_NO <= ?",
                    instanceId, from - 1, Math.min((long) last, from + DELETE_BATCH_ROWS - 1));
        }
        return deleted;
    }
}
