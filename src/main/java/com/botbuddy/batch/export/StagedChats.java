package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.report.TypedChat;

import tools.jackson.databind.json.JsonMapper;

/**
 * The export's staging in the job repository's database: one table per job instance, one row per copy of a
 * chat read, in listing position order ({@code seq}: type, page, index) and indexed by chat key ({@code _id},
 * falling back to {@code uuid}). Reading it back keeps, of each chat, the copy read last, so the result
 * depends neither on the order pages were written in nor on where a run was interrupted.
 */
@Component
public class StagedChats {
    static final String TABLE_PREFIX = "BB_EXPORT_STAGE_";
    private static final int PAGE_BITS = 34;
    private static final int INDEX_BITS = 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int READ_PAGE = 2_000;
    private static final int KEY_PAGE = 20_000;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Set<Long> created = ConcurrentHashMap.newKeySet();
    private volatile String binaryType;

    public StagedChats(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
    }

    /**
     * One table per job instance, in listing order: {@code SEQ} (type, page, index) is the primary key, so
     * every copy read is appended (a restart re-stages only pages whose chunk never committed, so no copy is
     * inserted twice) and the report reads the table front to back. A secondary index on the chat key finds
     * the copies a later one supersedes. Bodies are UTF-8 JSON bytes. Dropping the table at the end costs
     * nothing however many chats it held.
     */
    static String table(long instanceId) {
        return TABLE_PREFIX + instanceId;
    }

    private void createIfAbsent(long instanceId) {
        if (created.contains(instanceId)) {
            return;
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table(instanceId) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                + " CHAT_KEY VARCHAR(300) NOT NULL, CHAT_TYPE VARCHAR(10) NOT NULL, BODY " + binaryType() + " NOT NULL)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + table(instanceId) + "_KEY ON " + table(instanceId)
                + " (CHAT_KEY, SEQ)");
        created.add(instanceId);
    }

    private String binaryType() {
        if (binaryType == null) {
            binaryType = isPostgres() ? "BYTEA" : "VARBINARY";
        }
        return binaryType;
    }

    private String insertSql(long instanceId) {
        return "INSERT INTO " + table(instanceId) + " (SEQ, CHAT_KEY, CHAT_TYPE, BODY) VALUES (?, ?, ?, ?)";
    }

    private boolean isPostgres() {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            return false;
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** Stages the chats of some pages (in the caller's transaction). Chats without any id are counted, not staged. */
    public void stage(long instanceId, List<ChatPage> pages) {
        createIfAbsent(instanceId);
        jdbc.execute(insertSql(instanceId), (PreparedStatement ps) -> {
            int batched = 0;
            for (ChatPage page : pages) {
                List<Chat> chats = page.chats();
                for (int i = 0; i < chats.size(); i++) {
                    Chat chat = chats.get(i);
                    String key = chat.key();
                    if (key == null || key.isBlank()) {
                        continue;
                    }
                    ps.setLong(1, seq(page.type(), page.number(), i));
                    ps.setString(2, key.length() > 300 ? key.substring(0, 300) : key);
                    ps.setString(3, page.type().apiValue());
                    ps.setBytes(4, JSON.writeValueAsBytes(chat));
                    ps.addBatch();
                    batched++;
                }
            }
            if (batched > 0) {
                ps.executeBatch();
            }
            return batched;
        });
    }

    static long seq(ChatType type, int page, int index) {
        return ((long) type.ordinal() << (PAGE_BITS + INDEX_BITS)) | ((long) page << INDEX_BITS)
                | Math.min(index, (1 << INDEX_BITS) - 1);
    }

    /** Copies staged, duplicates included. */
    public long count(long instanceId) {
        createIfAbsent(instanceId);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + table(instanceId), Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Streams the staged chats in listing order (leads first), one at a time, skipping every copy of a chat
     * that a copy read later supersedes. Returns how many chats were passed on.
     */
    public long forEachLatest(long instanceId, Consumer<TypedChat> consumer) {
        createIfAbsent(instanceId);
        long[] superseded = supersededCopies(instanceId);
        long emitted = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            // keyset pages: each query is small, so no database ever materialises the whole table
            List<Object[]> rows = jdbc.query("SELECT SEQ, CHAT_TYPE, BODY FROM " + table(instanceId)
                    + " WHERE SEQ > ? ORDER BY SEQ LIMIT " + READ_PAGE,
                    (rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getBytes(3) }, after);
            for (Object[] row : rows) {
                long seq = (Long) row[0];
                after = seq;
                if (superseded.length > 0 && Arrays.binarySearch(superseded, seq) >= 0) {
                    continue;
                }
                consumer.accept(new TypedChat(ChatType.fromApiValue((String) row[1]),
                        JSON.readValue((byte[]) row[2], Chat.class)));
                emitted++;
            }
            if (rows.size() < READ_PAGE) {
                return emitted;
            }
        }
    }

    /** Listing positions of copies with a later copy of the same chat, sorted: one pass over the key index. */
    long[] supersededCopies(long instanceId) {
        LongList seqs = new LongList();
        String previousKey = null;
        long previousSeq = Long.MIN_VALUE;
        while (true) {
            List<Object[]> rows = previousKey == null
                    ? jdbc.query("SELECT CHAT_KEY, SEQ FROM " + table(instanceId) + " ORDER BY CHAT_KEY, SEQ LIMIT "
                            + KEY_PAGE, (rs, i) -> new Object[] { rs.getString(1), rs.getLong(2) })
                    : jdbc.query("SELECT CHAT_KEY, SEQ FROM " + table(instanceId)
                            + " WHERE CHAT_KEY > ? OR (CHAT_KEY = ? AND SEQ > ?) ORDER BY CHAT_KEY, SEQ LIMIT " + KEY_PAGE,
                            (rs, i) -> new Object[] { rs.getString(1), rs.getLong(2) }, previousKey, previousKey,
                            previousSeq);
            for (Object[] row : rows) {
                String key = (String) row[0];
                if (key.equals(previousKey)) {
                    seqs.add(previousSeq);
                }
                previousKey = key;
                previousSeq = (Long) row[1];
            }
            if (rows.size() < KEY_PAGE) {
                long[] sorted = seqs.toArray();
                Arrays.sort(sorted);
                return sorted;
            }
        }
    }

    /** A growable list of longs (duplicates are few; this keeps them without boxing). */
    private static final class LongList {
        private long[] values = new long[16];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Drops the instance's staging table; returns how many chats it held. */
    public long drop(long instanceId) {
        long n = count(instanceId);
        jdbc.execute("DROP TABLE IF EXISTS " + table(instanceId));
        created.remove(instanceId);
        return n;
    }
}
