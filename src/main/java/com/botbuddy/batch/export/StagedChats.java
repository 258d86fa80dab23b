package com.botbuddy.batch.export;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.report.TypedChat;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export's staged chats, per job instance: stages the pages each chunk of the fetch commits, tells the
 * page reader where to resume, and streams the chats back for the report. Each run of consecutive pages of
 * one type in a chunk (at most {@link StagedRun#MAX_RUN_BYTES} of bodies) is one row in each of the
 * {@link StagingTables}: the pages as the API sent them, and their chats' keys, which find the copies of a
 * chat that a later copy supersedes. A row per run rather than per page or per chat keeps the database's
 * per-row cost (inserts, index upkeep) to a few rows per chunk.
 * <p>
 * Reading back yields, of each chat, the copy read last, in listing order (leads first), so the result
 * depends neither on the order pages were written in nor on where a run was interrupted. A restart
 * re-stages only pages whose chunk never committed, so nothing is inserted twice.
 */
@Component
public class StagedChats {
    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new tools.jackson.module.blackbird.BlackbirdModule()).build(); // records without reflection
    /** Rows per query reading bodies back: a row holds a run of pages, up to {@link StagedRun#MAX_RUN_BYTES}. */
    private static final int READ_ROWS = 8;
    /** Key rows per query: a row holds a run of about five pages' keys. */
    private static final int KEY_ROWS = 40;

    private final JdbcTemplate jdbc;
    private final Supplier<StagingDialect> dialect;
    private final StagingTables tables;

    public StagedChats(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = SingletonSupplier.of(() -> StagingDialect.of(dataSource));
        this.tables = new StagingTables(dataSource, dialect);
    }

    /** The page-body file store when the database is an H2 file, else {@code null} (bodies stay in the table). */
    private PageSpool spool() {
        return dialect.get().spool();
    }

    /**
     * Stages some pages (in the caller's transaction, so they commit with the page cursor): each run of
     * consecutive pages of one type, as a chunk of the fetch is, becomes one row in each table.
     */
    public void stage(StagingKey key, List<ChatPage> chatPages) {
        tables.createIfAbsent(key);
        List<List<ChatPage>> runs = StagedRun.split(chatPages);
        jdbc.execute("INSERT INTO " + StagingTables.pages(key) + " (SEQ, CHAT_TYPE, CHATS, BODY)"
                + " VALUES (?, ?, ?, ?)", (PreparedStatement ps) -> {
                    for (List<ChatPage> run : runs) {
                        ChatPage last = run.get(run.size() - 1);
                        byte[] bodies = StagedRun.bodies(run);
                        ps.setLong(1, ListingPosition.of(last.type(), last.number(), 0));
                        ps.setString(2, last.type().apiValue());
                        ps.setInt(3, run.stream().mapToInt(ChatPage::size).sum());
                        ps.setBytes(4, spool() == null ? bodies : spool().append(key, bodies));
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                });
        jdbc.execute("INSERT INTO " + StagingTables.keys(key) + " (SEQ, KEYS) VALUES (?, ?)",
                (PreparedStatement ps) -> {
                    for (List<ChatPage> run : runs) {
                        ChatPage last = run.get(run.size() - 1);
                        ps.setLong(1, ListingPosition.of(last.type(), last.number(), 0));
                        ps.setBytes(2, StagedRun.keys(run)); // a null key (no id at all): never deduplicated
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                });
    }

    /** The highest page of {@code type} staged for the instance, or {@code null} when none is. */
    public Integer lastStagedPage(StagingKey key, ChatType type) {
        tables.createIfAbsent(key);
        Long max = jdbc.queryForObject("SELECT MAX(SEQ) FROM " + StagingTables.pages(key)
                + " WHERE SEQ >= ? AND SEQ < ?", Long.class, ListingPosition.first(type), ListingPosition.end(type));
        return max == null ? null : ListingPosition.page(max);
    }

    /**
     * The highest page of {@code type} staged for the stripe that reads pages {@code firstPage + stripe},
     * {@code firstPage + stripe + stripes}, ..., or {@code null} when none is.
     */
    public Integer lastStagedPage(StagingKey key, ChatType type, int firstPage, int stripe, int stripes) {
        if (stripes == 1) {
            return lastStagedPage(key, type);
        }
        tables.createIfAbsent(key);
        long pageUnit = ListingPosition.of(type, 1, 0) - ListingPosition.first(type);
        Long max = jdbc.queryForObject("SELECT MAX(SEQ) FROM " + StagingTables.pages(key)
                + " WHERE SEQ >= ? AND SEQ < ? AND MOD((SEQ - ?) / ? - ?, ?) = ?", Long.class,
                ListingPosition.first(type), ListingPosition.end(type), ListingPosition.first(type), pageUnit,
                firstPage, stripes, stripe);
        return max == null ? null : ListingPosition.page(max);
    }

    /** Copies staged, duplicates included. */
    public long count(StagingKey key) {
        tables.createIfAbsent(key);
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(CHATS), 0) FROM " + StagingTables.pages(key),
                Long.class);
        return n == null ? 0 : n;
    }

    /** What {@link #forEachLatest} went through: pages staged, chat copies on them, and chats passed on. */
    public record Totals(long pages, long copies, long latest) {
        /** Copies a later copy of the same chat superseded. */
        public long duplicates() {
            return copies - latest;
        }
    }

    /**
     * Streams the staged chats in listing order (leads first), one at a time, skipping every copy of a chat
     * that a copy read later supersedes.
     */
    public Totals forEachLatest(StagingKey key, Consumer<TypedChat> consumer) {
        return forEachLatest(key, null, consumer);
    }

    /**
     * As {@link #forEachLatest(long, Consumer)}, for the chats of one listing only ({@code null}: both): the other
     * listing's pages are not even read. Its totals count that listing's chats alone.
     */
    public Totals forEachLatest(StagingKey key, ChatType only, Consumer<TypedChat> consumer) {
        tables.createIfAbsent(key);
        SupersededCopies superseded = SupersededCopies.find(count(key),
                (forward, pageKeys) -> forEachKeyPage(key, forward, pageKeys));
        long emitted = 0;
        long copies = 0;
        long after = only == null ? Long.MIN_VALUE : ListingPosition.first(only) - 1;
        long end = only == null ? Long.MAX_VALUE : ListingPosition.end(only);
        while (true) {
            // keyset pages of a few rows each: no database ever materialises the whole table
            List<Object[]> rows = jdbc.query("SELECT SEQ, CHAT_TYPE, BODY FROM " + StagingTables.pages(key)
                    + " WHERE SEQ > ? AND SEQ < ? ORDER BY SEQ LIMIT " + READ_ROWS,
                    (rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getBytes(3) }, after, end);
            for (Object[] row : rows) {
                after = (Long) row[0];
                ChatType type = ChatType.fromApiValue((String) row[1]);
                byte[] stored = (byte[]) row[2];
                byte[] staged = PageSpool.isPointer(stored) ? spool().read(key, stored) : stored;
                for (StagedRun.Page page : StagedRun.pages(staged)) {
                    long pagePosition = ListingPosition.of(type, page.number(), 0);
                    List<Chat> chats = chatsOf(type, page);
                    copies += chats.size();
                    for (int i = 0; i < chats.size(); i++) {
                        if (superseded.contains(pagePosition + i)) {
                            continue;
                        }
                        consumer.accept(new TypedChat(type, chats.get(i)));
                        emitted++;
                    }
                }
            }
            if (rows.size() < READ_ROWS) {
                return new Totals(superseded.pages(), copies, emitted);
            }
        }
    }

    /** A staged page's chats, read from its listing body. */
    private static List<Chat> chatsOf(ChatType type, StagedRun.Page page) {
        try {
            return JSON.readValue(page.bytes(), page.offset(), page.length(), ChatListing.class).chats();
        } catch (JacksonException e) {
            // the fetch took only the keys from the page: a value of the wrong kind shows here, first
            throw new IllegalStateException(type.apiValue() + " page " + page.number()
                    + " as the API sent it cannot be read as chats: " + e.getOriginalMessage(), e);
        }
    }

    /** Passes each staged page's keys on, forwards or backwards through the listing; returns the pages seen. */
    private long forEachKeyPage(StagingKey key, boolean forward, SupersededCopies.KeyPageConsumer consumer) {
        RowMapper<Object[]> mapper = (rs, i) -> new Object[] { rs.getLong(1), rs.getBytes(2) };
        Long after = null;
        long pages = 0;
        while (true) {
            String where = after == null ? "" : forward ? " WHERE SEQ > ?" : " WHERE SEQ < ?";
            String sql = "SELECT SEQ, KEYS FROM " + StagingTables.keys(key) + where + " ORDER BY SEQ"
                    + (forward ? "" : " DESC") + " LIMIT " + KEY_ROWS;
            List<Object[]> rows = after == null ? jdbc.query(sql, mapper) : jdbc.query(sql, mapper, after);
            for (Object[] row : rows) {
                after = (Long) row[0];
                List<StagedRun.PageKeys> run = StagedRun.pageKeys((byte[]) row[1]);
                ChatType type = ListingPosition.type(after);
                for (int i = 0; i < run.size(); i++) {
                    StagedRun.PageKeys page = run.get(forward ? i : run.size() - 1 - i);
                    consumer.accept(ListingPosition.of(type, page.number(), 0), page.keys());
                }
                pages += run.size();
            }
            if (rows.size() < KEY_ROWS) {
                return pages;
            }
        }
    }

    /** The job instances that have staging, whatever became of their runs. */
    public List<Long> stagedInstances() {
        return tables.keys().stream().map(StagingKey::instanceId).distinct().toList();
    }

    /** Drops the staging; returns how many chat copies it held. */
    public long drop(StagingKey key) {
        long n = count(key);
        if (spool() != null) {
            spool().delete(key); // first: once the tables are gone, nothing would name the file
        }
        tables.drop(key);
        return n;
    }

    /** Drops the instance's staging, of every target; returns how many chat copies it held. */
    public long drop(long instanceId) {
        long n = 0;
        for (StagingKey key : tables.keys()) {
            if (key.instanceId() == instanceId) {
                n += drop(key);
            }
        }
        return n;
    }
}
