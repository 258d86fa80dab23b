package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
 * chat read, keyed by {@code _id} (falling back to {@code uuid}) and the copy's position in the listing
 * ({@code seq}: type, page, index). Reading it back keeps, of each chat, the copy read last, so the result
 * depends neither on the order pages were written in nor on where a run was interrupted.
 */
@Component
public class StagedChats {
    static final String TABLE_PREFIX = "BB_EXPORT_STAGE_";
    private static final int PAGE_BITS = 34;
    private static final int INDEX_BITS = 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Set<Long> created = ConcurrentHashMap.newKeySet();
    private volatile String textType;

    public StagedChats(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
    }

    /**
     * One table per job instance, keyed by (chat key, listing position): every copy read is simply inserted
     * (a restart re-stages only pages whose chunk never committed, so no copy is ever inserted twice), the
     * report reads it in key order keeping the last copy of each chat, and dropping it at the end costs
     * nothing however many chats it held.
     */
    static String table(long instanceId) {
        return TABLE_PREFIX + instanceId;
    }

    private void createIfAbsent(long instanceId) {
        if (created.contains(instanceId)) {
            return;
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + table(instanceId) + " (CHAT_KEY VARCHAR(300) NOT NULL,"
                + " SEQ BIGINT NOT NULL, CHAT_TYPE VARCHAR(10) NOT NULL, BODY " + textType() + " NOT NULL,"
                + " PRIMARY KEY (CHAT_KEY, SEQ))");
        created.add(instanceId);
    }

    private String textType() {
        if (textType == null) {
            textType = isPostgres() ? "TEXT" : "CHARACTER VARYING";
        }
        return textType;
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
                    ps.setString(4, JSON.writeValueAsString(chat));
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
     * Streams the staged chats in chat-key order, one at a time: of several copies of a chat only the one
     * read last (highest listing position) is passed on. Returns how many chats were passed on.
     */
    public long forEachLatest(long instanceId, Consumer<TypedChat> consumer) {
        createIfAbsent(instanceId);
        String[] pending = new String[3]; // key, type, body of the copy seen last
        long[] emitted = { 0 };
        jdbc.query("SELECT CHAT_KEY, CHAT_TYPE, BODY FROM " + table(instanceId) + " ORDER BY CHAT_KEY, SEQ", rs -> {
            String key = rs.getString(1);
            if (pending[0] != null && !pending[0].equals(key)) {
                emit(pending, consumer);
                emitted[0]++;
            }
            pending[0] = key;
            pending[1] = rs.getString(2);
            pending[2] = rs.getString(3);
        });
        if (pending[0] != null) {
            emit(pending, consumer);
            emitted[0]++;
        }
        return emitted[0];
    }

    private static void emit(String[] row, Consumer<TypedChat> consumer) {
        consumer.accept(new TypedChat(ChatType.fromApiValue(row[1]), JSON.readValue(row[2], Chat.class)));
    }

    /** Drops the instance's staging table; returns how many chats it held. */
    public long drop(long instanceId) {
        long n = count(instanceId);
        jdbc.execute("DROP TABLE IF EXISTS " + table(instanceId));
        created.remove(instanceId);
        return n;
    }
}
