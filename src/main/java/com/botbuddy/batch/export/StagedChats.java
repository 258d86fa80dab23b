package com.botbuddy.batch.export;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.report.TypedChat;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export's staging in the job repository's database, two tables per job instance, one row in each per run
 * of consecutive pages of one type that a chunk of the fetch commits (at most {@link StagedRun#MAX_RUN_BYTES}
 * of bodies a run, so a chunk of 20 pages is a few rows):
 * <ul>
 * <li>{@code BB_EXPORT_PAGES_<instance>}: in listing order (primary key {@code SEQ}: type and the run's last
 *     page), the run's pages as the API sent them (each page's listing JSON, not serialised again, or where no
 *     body came with it, its chats as a JSON array), framed by {@link StagedRun};</li>
 * <li>{@code BB_EXPORT_KEYS_<instance>}: the same run's chat keys ({@code _id}, falling back to {@code uuid}),
 *     to find copies of a chat that a later copy supersedes.</li>
 * </ul>
 * Runs keep the database's per-row cost (inserts, index upkeep) per few pages, not per page or chat: a million
 * chats are about 4,000 rows, where one per page made 40,000 and kept the embedded database's code hot enough
 * for the JIT to spend about 6 CPU-seconds compiling it. On the embedded H2 repository the runs themselves go
 * to a {@link PageSpool} file and the table keeps where each one is.
 * Rows of one page each, as earlier versions staged them, are still read (a restart after an upgrade).
 * Reading back yields, of each chat, the copy read last, in listing order (leads first), so the result
 * depends neither on the order pages were written in nor on where a run was interrupted. A restart re-stages
 * only pages whose chunk never committed, so nothing is inserted twice. Dropping the tables at the end costs
 * nothing however many chats they held.
 */
@Component
public class StagedChats {
    static final String PAGES_PREFIX = "BB_EXPORT_PAGES_";
    static final String KEYS_PREFIX = "BB_EXPORT_KEYS_";
    private static final int PAGE_BITS = 34;
    private static final int INDEX_BITS = 16;
    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new tools.jackson.module.blackbird.BlackbirdModule()).build(); // records without reflection
    private static final TypeReference<List<Chat>> CHAT_LIST = new TypeReference<>() { };
    /** Rows per query reading bodies back: a row holds a run of pages, up to {@link StagedRun#MAX_RUN_BYTES}. */
    private static final int READ_ROWS = 8;
    private static final TypeReference<List<String>> KEY_LIST = new TypeReference<>() { };
    /** Key rows per query: a row holds a run of about five pages' keys. */
    private static final int KEY_ROWS = 40;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Set<Long> created = ConcurrentHashMap.newKeySet();
    private volatile Storage storage;

    public StagedChats(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    static String pages(long instanceId) {
        return PAGES_PREFIX + instanceId;
    }

    static String keys(long instanceId) {
        return KEYS_PREFIX + instanceId;
    }

    private void createIfAbsent(long instanceId) {
        if (created.contains(instanceId)) {
            return;
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + pages(instanceId) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                + " CHAT_TYPE VARCHAR(10) NOT NULL, CHATS INTEGER NOT NULL, BODY " + binaryType() + " NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + keys(instanceId) + " (SEQ BIGINT NOT NULL PRIMARY KEY,"
                + " KEYS " + binaryType() + " NOT NULL)");
        created.add(instanceId);
    }

    /** How this database keeps page bodies: its binary column type, and the spool file store on an H2 file. */
    private record Storage(String binaryType, PageSpool spool) {
    }

    private Storage storage() {
        if (storage == null) {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                DatabaseMetaData meta = c.getMetaData();
                boolean postgres = meta.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
                storage = new Storage(postgres ? "BYTEA" : "VARBINARY", PageSpool.forJdbcUrl(meta.getURL()));
            } catch (SQLException e) {
                storage = new Storage("VARBINARY", null); // as before: the standard type, bodies in the table
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
        }
        return storage;
    }

    private String binaryType() {
        return storage().binaryType();
    }

    /** The page-body file store when the database is an H2 file, else {@code null} (bodies stay in the table). */
    private PageSpool spool() {
        return storage().spool();
    }

    /**
     * Stages some pages (in the caller's transaction, so they commit with the page cursor): each run of
     * consecutive pages of one type, as a chunk of the fetch is, becomes one row in each table.
     */
    public void stage(long instanceId, List<ChatPage> chatPages) {
        createIfAbsent(instanceId);
        List<List<ChatPage>> runs = StagedRun.split(chatPages);
        jdbc.execute("INSERT INTO " + pages(instanceId) + " (SEQ, CHAT_TYPE, CHATS, BODY) VALUES (?, ?, ?, ?)",
                (PreparedStatement ps) -> {
                    for (List<ChatPage> run : runs) {
                        ChatPage last = run.get(run.size() - 1);
                        byte[] bodies = StagedRun.bodies(run);
                        ps.setLong(1, seq(last.type(), last.number(), 0));
                        ps.setString(2, last.type().apiValue());
                        ps.setInt(3, run.stream().mapToInt(ChatPage::size).sum());
                        ps.setBytes(4, spool() == null ? bodies : spool().append(instanceId, bodies));
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                });
        jdbc.execute("INSERT INTO " + keys(instanceId) + " (SEQ, KEYS) VALUES (?, ?)", (PreparedStatement ps) -> {
            for (List<ChatPage> run : runs) {
                ChatPage last = run.get(run.size() - 1);
                ps.setLong(1, seq(last.type(), last.number(), 0));
                ps.setBytes(2, StagedRun.keys(run)); // a null key (no id at all): never deduplicated
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    static long seq(ChatType type, int page, int index) {
        return ((long) type.ordinal() << (PAGE_BITS + INDEX_BITS)) | ((long) page << INDEX_BITS)
                | Math.min(index, (1 << INDEX_BITS) - 1);
    }

    /** The highest page of {@code type} staged for the instance, or {@code null} when none is. */
    public Integer lastStagedPage(long instanceId, ChatType type) {
        createIfAbsent(instanceId);
        Long max = jdbc.queryForObject("SELECT MAX(SEQ) FROM " + pages(instanceId) + " WHERE SEQ >= ? AND SEQ < ?",
                Long.class, seq(type, 0, 0), seq(type, 0, 0) + (1L << (PAGE_BITS + INDEX_BITS)));
        return max == null ? null : pageOf(max);
    }

    /** Copies staged, duplicates included. */
    public long count(long instanceId) {
        createIfAbsent(instanceId);
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(CHATS), 0) FROM " + pages(instanceId), Long.class);
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
    public Totals forEachLatest(long instanceId, Consumer<TypedChat> consumer) {
        createIfAbsent(instanceId);
        Superseded superseded = supersededCopies(instanceId);
        long[] lost = superseded.positions();
        long emitted = 0;
        long copies = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            // keyset pages of a few rows each: no database ever materialises the whole table
            List<Object[]> rows = jdbc.query("SELECT SEQ, CHAT_TYPE, BODY FROM " + pages(instanceId)
                    + " WHERE SEQ > ? ORDER BY SEQ LIMIT " + READ_ROWS,
                    (rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getBytes(3) }, after);
            for (Object[] row : rows) {
                after = (Long) row[0];
                ChatType type = ChatType.fromApiValue((String) row[1]);
                byte[] stored = (byte[]) row[2];
                byte[] staged = PageSpool.isPointer(stored) ? spool().read(instanceId, stored) : stored;
                for (StagedRun.Page page : StagedRun.pages(staged, pageOf(after))) {
                    long pageSeq = seq(type, page.number(), 0);
                    List<Chat> chats = chatsOf(type, page);
                    copies += chats.size();
                    for (int i = 0; i < chats.size(); i++) {
                        if (lost.length > 0 && Arrays.binarySearch(lost, pageSeq + i) >= 0) {
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

    /** The page number a {@link #seq} holds. */
    private static int pageOf(long seq) {
        return (int) ((seq >>> INDEX_BITS) & ((1L << PAGE_BITS) - 1));
    }

    /** The chat type a {@link #seq} holds. */
    private static ChatType typeOf(long seq) {
        return ChatType.values()[(int) (seq >>> (PAGE_BITS + INDEX_BITS))];
    }

    /** A staged page's chats: a listing body as the API sent it, or a JSON array of chats. */
    private static List<Chat> chatsOf(ChatType type, StagedRun.Page page) {
        try {
            for (int i = page.offset(); i < page.offset() + page.length(); i++) {
                byte b = page.bytes()[i];
                if (b == '{') {
                    return JSON.readValue(page.bytes(), page.offset(), page.length(), ChatListing.class).chats();
                }
                if (b == '[') {
                    return JSON.readValue(page.bytes(), page.offset(), page.length(), CHAT_LIST);
                }
            }
        } catch (JacksonException e) {
            // the fetch took only the keys from the page: a value of the wrong kind shows here, first
            throw new IllegalStateException(type.apiValue() + " page " + page.number()
                    + " as the API sent it cannot be read as chats: " + e.getOriginalMessage(), e);
        }
        throw new IllegalStateException("a staged page is neither a listing nor a list of chats");
    }

    /** Listing positions of superseded copies, sorted, and the number of pages staged. */
    record Superseded(long[] positions, long pages) {
    }

    /**
     * Listing positions of copies with a later copy of the same chat, sorted. Two passes over the keys, with
     * memory that stays small however many chats there are: backwards through the listing a Bloom filter of
     * key hashes (10 bits a chat) names every key that may have been seen before (all real duplicates, plus
     * about 1% false alarms); forwards, the positions of just those keys are collected and all but the last
     * position of each key are superseded.
     */
    Superseded supersededCopies(long instanceId) {
        long copies = count(instanceId);
        BloomFilter seen = new BloomFilter(copies);
        Set<String> candidates = new java.util.HashSet<>();
        long pages = forEachKeyPage(instanceId, false, (pageSeq, pageKeys) -> {
            for (int i = pageKeys.size() - 1; i >= 0; i--) {
                String key = pageKeys.get(i);
                if (key != null && !seen.addIfAbsent(keyHash(key))) {
                    candidates.add(key);
                }
            }
        });
        if (candidates.isEmpty()) {
            return new Superseded(new long[0], pages);
        }
        java.util.Map<String, LongList> positions = new java.util.HashMap<>();
        forEachKeyPage(instanceId, true, (pageSeq, pageKeys) -> {
            for (int i = 0; i < pageKeys.size(); i++) {
                String key = pageKeys.get(i);
                if (key != null && candidates.contains(key)) {
                    positions.computeIfAbsent(key, k -> new LongList()).add(pageSeq + i);
                }
            }
        });
        LongList superseded = new LongList();
        for (LongList list : positions.values()) {
            long[] seqs = list.toArray();
            for (int i = 0; i < seqs.length - 1; i++) {
                superseded.add(seqs[i]); // collected in listing order: all but the last lose
            }
        }
        long[] sorted = superseded.toArray();
        Arrays.sort(sorted);
        return new Superseded(sorted, pages);
    }

    private interface KeyPageConsumer {
        void accept(long pageSeq, List<String> keys);
    }

    /** Passes each staged page's keys on, forwards or backwards through the listing; returns the pages seen. */
    private long forEachKeyPage(long instanceId, boolean forward, KeyPageConsumer consumer) {
        Long after = null;
        long pages = 0;
        while (true) {
            String where = after == null ? "" : forward ? " WHERE SEQ > ?" : " WHERE SEQ < ?";
            String sql = "SELECT SEQ, KEYS FROM " + keys(instanceId) + where + " ORDER BY SEQ"
                    + (forward ? "" : " DESC") + " LIMIT " + KEY_ROWS;
            org.springframework.jdbc.core.RowMapper<Object[]> mapper = (rs, i) -> new Object[] { rs.getLong(1),
                    rs.getBytes(2) };
            List<Object[]> rows = after == null ? jdbc.query(sql, mapper) : jdbc.query(sql, mapper, after);
            for (Object[] row : rows) {
                after = (Long) row[0];
                byte[] stored = (byte[]) row[1];
                List<StagedRun.PageKeys> run = StagedRun.isKeys(stored) ? StagedRun.pageKeys(stored)
                        : List.of(new StagedRun.PageKeys(pageOf(after), JSON.readValue(stored, KEY_LIST)));
                ChatType type = typeOf(after);
                for (int i = 0; i < run.size(); i++) {
                    StagedRun.PageKeys page = run.get(forward ? i : run.size() - 1 - i);
                    consumer.accept(seq(type, page.number(), 0), page.keys());
                }
                pages += run.size();
            }
            if (rows.size() < KEY_ROWS) {
                return pages;
            }
        }
    }

    /**
     * A Bloom filter over 64-bit hashes: about 10 bits and 7 probes per element, ~1% false positives. The probes
     * are double hashing's {@code h1 + i * h2}, {@code h2} the hash with its halves swapped so that every probe
     * differs in its high half, and a probe's bit is that high half scaled to the filter's size (a
     * multiplication, not a division).
     */
    static final class BloomFilter {
        private final long[] bits;
        private final long size;

        BloomFilter(long expected) {
            long n = Math.min(1L << 32, Math.max(1024, expected * 10));
            bits = new long[(int) ((n + 63) / 64)];
            size = bits.length * 64L;
        }

        /** Adds the hash; returns false when it was (probably) there already. */
        boolean addIfAbsent(long hash) {
            long h1 = hash;
            long h2 = Long.rotateLeft(hash, 32) | 1;
            boolean added = false;
            for (int i = 0; i < 7; i++) {
                long bit = (((h1 + i * h2) >>> 32) * size) >>> 32; // in [0, size): size is at most 2^32
                int word = (int) (bit >>> 6);
                long probe = 1L << (bit & 63);
                if ((bits[word] & probe) == 0) {
                    bits[word] |= probe;
                    added = true;
                }
            }
            return added;
        }
    }

    /** 64-bit FNV-1a over the key's chars, then a SplitMix64 finaliser to spread the bits. */
    static long keyHash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** A growable list of longs, without boxing. */
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

    /** The job instances that have staging tables, whatever became of their runs. */
    public List<Long> stagedInstances() {
        List<Long> instances = new ArrayList<>();
        Connection c = DataSourceUtils.getConnection(dataSource);
        try (java.sql.ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT);
                if (name.startsWith(PAGES_PREFIX) && name.substring(PAGES_PREFIX.length()).matches("\\d{1,18}")) {
                    instances.add(Long.parseLong(name.substring(PAGES_PREFIX.length())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not list the export staging tables: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
        return instances;
    }

    /** Drops the instance's staging tables; returns how many chat copies they held. */
    public long drop(long instanceId) {
        long n = count(instanceId);
        if (spool() != null) {
            spool().delete(instanceId); // first: once the tables are gone, nothing would name the file
        }
        jdbc.execute("DROP TABLE IF EXISTS " + pages(instanceId));
        jdbc.execute("DROP TABLE IF EXISTS " + keys(instanceId));
        created.remove(instanceId);
        return n;
    }
}
