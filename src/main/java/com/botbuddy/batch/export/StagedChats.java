package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
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
 * The export's staging table in the job repository's database: one row per chat and job instance,
 * keyed by {@code _id} (falling back to {@code uuid}). A copy read later replaces an earlier one, "later"
 * meaning its position in the listing ({@code seq}: type, page, index), so the result does not depend on
 * the order pages were written in, and a restart that writes a page again changes nothing.
 */
@Component
public class StagedChats {
    static final String TABLE = "BB_EXPORT_CHAT";
    private static final int PAGE_BITS = 34;
    private static final int INDEX_BITS = 16;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private volatile String upsertSql;

    public StagedChats(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
    }

    /** Creates the table if absent (H2 or PostgreSQL). */
    public void createIfAbsent() {
        if (upsertSql != null) {
            return;
        }
        String text = isPostgres() ? "TEXT" : "CHARACTER VARYING";
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (INSTANCE_ID BIGINT NOT NULL, CHAT_KEY VARCHAR(300) NOT NULL,"
                + " SEQ BIGINT NOT NULL, CHAT_TYPE VARCHAR(10) NOT NULL, BODY " + text + " NOT NULL,"
                + " PRIMARY KEY (INSTANCE_ID, CHAT_KEY))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_SEQ ON " + TABLE + " (INSTANCE_ID, SEQ)");
        upsertSql = "MERGE INTO " + TABLE + " t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(300)),"
                + " CAST(? AS BIGINT), CAST(? AS VARCHAR(10)), CAST(? AS " + text + ")))"
                + " s (INSTANCE_ID, CHAT_KEY, SEQ, CHAT_TYPE, BODY)"
                + " ON t.INSTANCE_ID = s.INSTANCE_ID AND t.CHAT_KEY = s.CHAT_KEY"
                + " WHEN MATCHED AND s.SEQ >= t.SEQ THEN UPDATE SET SEQ = s.SEQ, CHAT_TYPE = s.CHAT_TYPE, BODY = s.BODY"
                + " WHEN NOT MATCHED THEN INSERT (INSTANCE_ID, CHAT_KEY, SEQ, CHAT_TYPE, BODY)"
                + " VALUES (s.INSTANCE_ID, s.CHAT_KEY, s.SEQ, s.CHAT_TYPE, s.BODY)";
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
        createIfAbsent();
        jdbc.execute(upsertSql, (PreparedStatement ps) -> {
            int batched = 0;
            for (ChatPage page : pages) {
                List<Chat> chats = page.chats();
                for (int i = 0; i < chats.size(); i++) {
                    Chat chat = chats.get(i);
                    String key = chat.key();
                    if (key == null || key.isBlank()) {
                        continue;
                    }
                    ps.setLong(1, instanceId);
                    ps.setString(2, key.length() > 300 ? key.substring(0, 300) : key);
                    ps.setLong(3, seq(page.type(), page.number(), i));
                    ps.setString(4, page.type().apiValue());
                    ps.setString(5, JSON.writeValueAsString(chat));
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

    public long count(long instanceId) {
        createIfAbsent();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE INSTANCE_ID = ?", Long.class, instanceId);
        return n == null ? 0 : n;
    }

    /** Streams the staged chats in listing order (leads first), one at a time. */
    public void forEach(long instanceId, Consumer<TypedChat> consumer) {
        createIfAbsent();
        jdbc.query("SELECT CHAT_TYPE, BODY FROM " + TABLE + " WHERE INSTANCE_ID = ? ORDER BY SEQ",
                rs -> {
                    ChatType type = ChatType.fromApiValue(rs.getString(1));
                    consumer.accept(new TypedChat(type, JSON.readValue(rs.getString(2), Chat.class)));
                }, instanceId);
    }

    public int delete(long instanceId) {
        createIfAbsent();
        return jdbc.update("DELETE FROM " + TABLE + " WHERE INSTANCE_ID = ?", instanceId);
    }
}
