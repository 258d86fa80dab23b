package com.botbuddy.batch.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

/**
 * One {@link SandboxPair pair}'s chats: {@link #size()} chats, chat <em>i</em> derived by {@link ChatGenerator} from
 * {@code (pair seed, i)}, the pair seed being {@link SandboxPair#dataSeed(long)} of the settings' seed and the
 * settings' {@code botId}/{@code customerId}; plus an overlay of the updates applied through
 * {@code PUT /inbox/direct/lead}.
 *
 * <p><b>For tests in other packages</b> this is the independent oracle: compute expected figures from here, never from
 * what the code under test read. {@link #chat(int)} is chat <em>i</em> as the next {@code GET} would return it (after any
 * applied update); {@link #isLead(int)}, {@link #leadIndices()} and {@link #nonLeadIndices()} say which listing it is in;
 * {@link #chats(ChatType)} streams a listing in page order. The listing for a type is that type's indices in ascending
 * order, cut into pages of {@code pageSize} starting at page 1. The same settings always give the same data, so a test
 * can also build {@code new SandboxData(settings)} on its own, without a server, and
 * {@code new SandboxData(settings.withIds(botId, customerId))} for any other pair.
 *
 * <p>What is held in memory is the listing order: a bit and an {@code int} per chat. The overlay lives in an
 * {@link Updates} store that can outlive this object, so a server may drop a pair's data and build it again without
 * losing the updates applied to it.
 *
 * <p>Thread-safe: the generated part is immutable; the overlay is a concurrent map updated atomically per chat.
 */
public final class SandboxData {

    /** What the sandbox accepts as an email (and what every generated email matches). */
    public static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");

    private final SandboxSettings settings;
    private final SandboxPair pair;
    private final ChatGenerator generator;
    private final int size;
    private final BitSet leads;
    private final int[] leadIndices;
    private final int[] nonLeadIndices;
    private final Updates updates;
    /** This pair's overlay once it has one; {@code null} until the first update (see {@link #overlay()}). */
    private volatile Map<Integer, Chat> overlay;
    private final long nowMs;

    /** The chats of the pair {@code settings} names, with an overlay of their own. */
    public SandboxData(SandboxSettings settings) {
        this(settings, new Updates());
    }

    /** The chats of the pair {@code settings} names, their updates kept in {@code updates} (shared by a server). */
    SandboxData(SandboxSettings settings, Updates updates) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pair = SandboxPair.of(settings);
        this.updates = Objects.requireNonNull(updates, "updates");
        this.overlay = updates.existing(pair);
        this.generator = new ChatGenerator(pair.dataSeed(settings.seed()), settings.leadShare(), settings.now());
        this.size = settings.chats();
        this.leads = new BitSet(size);
        int leadCount = 0;
        for (int i = 0; i < size; i++) {
            if (generator.isLead(i)) {
                leads.set(i);
                leadCount++;
            }
        }
        this.leadIndices = new int[leadCount];
        this.nonLeadIndices = new int[size - leadCount];
        int l = 0;
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (leads.get(i)) {
                leadIndices[l++] = i;
            } else {
                nonLeadIndices[n++] = i;
            }
        }
        this.nowMs = settings.now().toEpochMilli();
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** Whose chats these are. */
    public SandboxPair pair() {
        return pair;
    }

    /** The anchor instant all generated dates lie before. */
    public Instant now() {
        return settings.now();
    }

    /** How many chats there are (leads and non-leads). */
    public int size() {
        return size;
    }

    public boolean isLead(int i) {
        checkIndex(i);
        return leads.get(i);
    }

    public ChatType typeOf(int i) {
        return isLead(i) ? ChatType.LEAD : ChatType.NON_LEAD;
    }

    public int leadCount() {
        return leadIndices.length;
    }

    public int nonLeadCount() {
        return nonLeadIndices.length;
    }

    /** The indices of the leads, ascending (a copy). */
    public int[] leadIndices() {
        return leadIndices.clone();
    }

    /** The indices of the non-leads, ascending (a copy). */
    public int[] nonLeadIndices() {
        return nonLeadIndices.clone();
    }

    /** The indices of one listing, ascending (a copy). */
    public int[] indices(ChatType type) {
        return indicesOf(type).clone();
    }

    int[] indicesOf(ChatType type) {
        return type == ChatType.LEAD ? leadIndices : nonLeadIndices;
    }

    /** Chat {@code i} as the next {@code GET} returns it: generated, with any applied update on top. */
    public Chat chat(int i) {
        checkIndex(i);
        Map<Integer, Chat> applied = overlay();
        Chat updated = applied == null ? null : applied.get(i);
        return updated != null ? updated : generated(i);
    }

    /** Chat {@code i} as generated, ignoring updates. */
    public Chat generated(int i) {
        checkIndex(i);
        boolean lead = leads.get(i);
        int rank = lead ? Arrays.binarySearch(leadIndices, i) : -1;
        return generator.generate(i, lead, rank);
    }

    /** One listing's chats in page order (page 1 first), after updates. */
    public Stream<Chat> chats(ChatType type) {
        return IntStream.of(indicesOf(type)).mapToObj(this::chat);
    }

    /** Every chat in index order, after updates. */
    public Stream<Chat> chats() {
        return IntStream.range(0, size).mapToObj(this::chat);
    }

    /** Page {@code page} (1-based) of a listing, as served without test knobs; empty past the end. */
    public List<Chat> page(ChatType type, long page) {
        if (page < 1) {
            throw new IllegalArgumentException("pages start at 1");
        }
        int[] idx = indicesOf(type);
        int pageSize = settings.pageSize();
        long pages = (idx.length + (long) pageSize - 1) / pageSize;
        if (page > pages) {
            return List.of();
        }
        int from = (int) ((page - 1) * pageSize);
        int to = Math.min(idx.length, from + pageSize);
        List<Chat> chats = new ArrayList<>(to - from);
        for (int k = from; k < to; k++) {
            chats.add(chat(idx[k]));
        }
        return chats;
    }

    /** How many non-empty pages a listing has. */
    public int pageCount(ChatType type) {
        return (indicesOf(type).length + settings.pageSize() - 1) / settings.pageSize();
    }

    /** The index of the chat with this {@code uuid}, or -1. O(1): the uuid encodes its index. */
    public int indexOfUuid(String uuid) {
        long i = generator.indexOfUuid(uuid);
        if (i < 0 || i >= size) {
            return -1;
        }
        return generator.uuid((int) i).equals(uuid) ? (int) i : -1;
    }

    /** The {@code uuid} of chat {@code i} (never changed by updates). */
    public String uuid(int i) {
        checkIndex(i);
        return generator.uuid(i);
    }

    /** How many chats have had an update applied that changed something. */
    public int updatedCount() {
        Map<Integer, Chat> applied = overlay();
        return applied == null ? 0 : applied.size();
    }

    /**
     * Applies a validated update (see {@link LeadUpdateParser}) to the chat with its {@code uuid}: {@code null} fields
     * are left alone, an empty string or list clears. {@code updatedAt} advances (see {@link #nextUpdatedAt}) only when
     * something actually changed, so sending a chat's own values back is a no-op.
     *
     * @return whether the chat changed
     * @throws IllegalArgumentException when no chat has that uuid
     */
    public boolean apply(LeadUpdate update) {
        int i = indexOfUuid(update.uuid());
        if (i < 0) {
            throw new IllegalArgumentException("no chat with uuid " + update.uuid());
        }
        boolean[] changed = new boolean[1];
        Map<Integer, Chat> applied = overlay;
        if (applied == null) {
            applied = updates.forWriting(pair);
            overlay = applied;
        }
        applied.compute(i, (k, current) -> {
            Chat before = current != null ? current : generated(k);
            Chat after = merge(before, update, k);
            if (after.equals(before)) {
                return current;
            }
            changed[0] = true;
            return after;
        });
        updates.edits.incrementAndGet(); // after the change: a page built under the new count shows it
        return changed[0];
    }

    /** Drops every applied update. */
    public void resetUpdates() {
        Map<Integer, Chat> applied = overlay();
        if (applied != null) {
            applied.clear();
            updates.edits.incrementAndGet();
        }
    }

    /** How many updates were applied or reset so far, to this pair or any pair sharing its overlay store. */
    long edits() {
        return updates.edits.get();
    }

    /** This pair's overlay, or {@code null} while no update was ever applied to it (through any instance). */
    private Map<Integer, Chat> overlay() {
        Map<Integer, Chat> applied = overlay;
        if (applied == null) {
            applied = updates.existing(pair);
            if (applied != null) {
                overlay = applied;
            }
        }
        return applied;
    }

    /**
     * The updates applied to each pair, chat index to chat as updated. A pair gets its map on its first update, so a
     * pair only read costs nothing here.
     */
    static final class Updates {
        private final Map<SandboxPair, Map<Integer, Chat>> byPair = new ConcurrentHashMap<>();
        private final AtomicLong edits = new AtomicLong();

        Map<Integer, Chat> existing(SandboxPair pair) {
            return byPair.get(pair);
        }

        Map<Integer, Chat> forWriting(SandboxPair pair) {
            return byPair.computeIfAbsent(pair, p -> new ConcurrentHashMap<>());
        }
    }

    private Chat merge(Chat chat, LeadUpdate u, int index) {
        Chat.Profile profile = chat.profile();
        Chat.UserDetails d = chat.userDetails();
        Chat.Contact c = chat.contact();

        String name = text(d.name(), u.name());
        String email = text(c.email(), u.email());
        String picture = text(d.picture(), u.picture());
        Chat.Phone phone = c.phone();
        if (u.phone() != null) {
            if (u.phone().isEmpty()) {
                phone = null;
            } else {
                String prefix = u.dialCode() != null && !u.dialCode().isEmpty() ? u.dialCode().substring(1)
                        : phone != null ? phone.prefix() : null;
                phone = new Chat.Phone(LeadUpdateParser.digitsOf(u.phone()), prefix);
            }
        } else if (u.dialCode() != null && !u.dialCode().isEmpty() && phone != null) {
            phone = new Chat.Phone(phone.number(), u.dialCode().substring(1));
        }
        List<String> tags = list(d.tags(), u.tags());
        List<Chat.Attribute> attributes = list(d.attributes(), u.attributes());

        List<Chat.Note> notes = profile == null ? null : profile.notes();
        if (u.notes() != null && !sameNotes(notes, u.notes())) {
            if (u.notes().isEmpty()) {
                notes = List.of();
            } else {
                List<Chat.Note> fresh = new ArrayList<>(u.notes().size());
                for (int k = 0; k < u.notes().size(); k++) {
                    LeadUpdate.NoteInput n = u.notes().get(k);
                    long counter = ChatGenerator.mix64((long) index * 977 + k + Objects.hash(n.title(), n.description()));
                    fresh.add(new Chat.Note(n.title(), n.description(), generator.objectId(nowMs, counter)));
                }
                notes = fresh;
            }
        }

        String status = u.status() != null ? u.status() : chat.status();
        String agent = u.agentId() == null ? chat.agentAssigned() : u.agentId().isEmpty() ? null : u.agentId();

        Chat.Contact contact = email == null && phone == null ? null : new Chat.Contact(email, phone);
        Chat.UserDetails details = new Chat.UserDetails(name, picture, contact, d.city(), d.country(), d.gender(), tags,
                attributes);
        boolean hadDetails = profile != null && profile.userDetails() != null;
        if (!hadDetails && details.equals(new Chat.UserDetails(null, null, null, null, null, null, null, null))) {
            details = null;
        }
        Chat.Profile newProfile = profile == null && details == null && notes == null ? null
                : new Chat.Profile(notes, details);

        Chat after = new Chat(chat.id(), chat.uuid(), chat.createdAt(), chat.isOnline(), chat.lastMessage(),
                chat.lastSeenAt(), newProfile, status, chat.updatedAt(), chat.websiteVisits(), agent);
        if (after.equals(chat)) {
            return chat;
        }
        String updatedAt = ChatGenerator.iso(nextUpdatedAt(nowMs, chat.updatedAt()));
        return new Chat(after.id(), after.uuid(), after.createdAt(), after.isOnline(), after.lastMessage(),
                after.lastSeenAt(), after.profile(), after.status(), updatedAt, after.websiteVisits(), after.agentAssigned());
    }

    /**
     * The {@code updatedAt} an edit gives a chat, on a logical clock: the later of the sandbox's now (its anchor
     * instant, so the same edits give the same pages) and the chat's previous {@code updatedAt} plus one millisecond,
     * so two edits of a chat never share a time, however close together they come.
     */
    static long nextUpdatedAt(long nowMs, String previous) {
        if (previous == null || previous.isBlank()) {
            return nowMs;
        }
        long before;
        try {
            before = Instant.parse(previous).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return nowMs;
        }
        return Math.max(nowMs, before + 1);
    }

    private static String text(String current, String update) {
        if (update == null) {
            return current;
        }
        return update.isEmpty() ? null : update;
    }

    /** An empty list clears; a list equal to the current one (or empty when the current is absent) changes nothing. */
    private static <T> List<T> list(List<T> current, List<T> update) {
        if (update == null) {
            return current;
        }
        if (update.isEmpty()) {
            return current == null || current.isEmpty() ? current : List.of();
        }
        return update.equals(current) ? current : List.copyOf(update);
    }

    private static boolean sameNotes(List<Chat.Note> current, List<LeadUpdate.NoteInput> update) {
        int have = current == null ? 0 : current.size();
        if (have != update.size()) {
            return false;
        }
        for (int k = 0; k < have; k++) {
            Chat.Note note = current.get(k);
            LeadUpdate.NoteInput in = update.get(k);
            if (!Objects.equals(note.title(), in.title()) || !Objects.equals(note.description(), in.description())) {
                return false;
            }
        }
        return true;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("chat " + i + " (the sandbox has " + size + " chats)");
        }
    }
}
