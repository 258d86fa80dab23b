package com.botbuddy.batch.sandbox;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.LeadStatus;

/**
 * Derives chat <em>i</em> purely from {@code (seed, i)}: no shared sequential random, so any chat (and so any page) is
 * generated in O(1), and the same seed and anchor give the same chat, byte for byte, in any process.
 *
 * <p>Whether chat <em>i</em> is a lead is decided by {@link #leadHash(int)} {@code < leadShare}, except that
 * {@link #LONG_NOTE_INDEX} is always a lead (when the lead share is above 0). Some features are pinned to a lead's
 * <em>rank</em> (its position among the leads, in index order) so that even a small sandbox covers every case:
 * <ul>
 * <li>ranks 0..5 have the six statuses in {@link LeadStatus} order;</li>
 * <li>ranks 6 and 7 have no contact details at all (besides about 8% of the other leads);</li>
 * <li>ranks 0..{@code HOSTILE.size()-1} carry hostile text in every free-text field, rotated so every sample
 *     appears in names, notes, tags, attributes, cities and last messages;</li>
 * <li>the chat at {@link #LONG_NOTE_INDEX} has a note whose description is {@link #LONG_NOTE_LENGTH} characters.</li>
 * </ul>
 * Hostile text appears only in free-text fields (name, notes, tags, attributes, city, last message text). Contact fields
 * are always valid when present: emails match {@link SandboxData#EMAIL}, phone numbers are digits of a valid length for
 * their country and the prefix is the dial code without "+".
 */
public final class ChatGenerator {

    /** The index of the one chat (always a lead) with a 40,000-character note description. */
    public static final int LONG_NOTE_INDEX = 7;
    /** The length of that note's description. */
    public static final int LONG_NOTE_LENGTH = 40_000;
    /** The title of that note. */
    public static final String LONG_NOTE_TITLE = "Very long note";

    /** Hostile free-text samples: spreadsheet formulas, quoting, control characters, scripts, paths, emoji, RTL. */
    public static final List<String> HOSTILE = List.of(
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+2",
            "-cmd",
            "@SUM(A1)",
            "=1+1",
            "Quote \"this\", please",
            "comma, separated, value",
            "line one\nline two",
            "tab\tseparated",
            "emoji 😀🎉👍🏽",
            "مرحبا بالعالم",
            "שלום עולם",
            "<script>alert('x')</script>",
            "../../etc/passwd",
            "'single quote",
            "semi;colon|pipe",
            "back\\slash",
            "\u202Eright-to-left override");

    /** The agents chats may be assigned to ({@code _agentAssigned}); a chat may also be unassigned. */
    public static final List<String> AGENTS = List.of(
            "631aa793bcfa100487d13d0d",
            "631aa793bcfa100487d13d1e",
            "631aa793bcfa100487d13d2f",
            "64b2c1d0e4f5a6b7c8d9e0f1",
            "65c3d2e1f0a9b8c7d6e5f4a3");

    private static final String[] FIRST = {
            "Aarav", "Priya", "James", "Olivia", "Mohammed", "Fatima", "Lukas", "Sophie", "Chloé", "José", "Zoë",
            "Wei", "Aiko", "Liam", "Emma", "Noah", "Ananya", "Omar", "Léa", "Hannah", "Raj", "Sara", "Ethan", "Mia",
            "Björn", "Siobhán", "Kwame", "Yusuf", "Isabella", "Arjun" };
    private static final String[] LAST = {
            "Sharma", "Patel", "Smith", "Jones", "Müller", "Schmidt", "Dubois", "Martin", "García", "O'Brien", "Nguyen",
            "Al Farsi", "Kumar", "Brown", "Wilson", "Taylor", "Singh", "Khan", "Tanaka", "Rossi", "Fischer", "Lefèvre",
            "Williams", "Reddy", "Hughes" };
    private static final String[] FIRST_ASCII = asciiAll(FIRST);
    private static final String[] LAST_ASCII = asciiAll(LAST);
    private static final String[] DOMAINS = {
            "gmail.com", "yahoo.com", "outlook.com", "hotmail.co.uk", "example.org", "acme.io", "mail.de", "orange.fr",
            "bigpond.com.au", "company.ae" };
    private static final String[] NOTE_TITLES = {
            "Call back", "Pricing question", "Demo booked", "Follow-up", "Needs invoice", "Sample title" };
    private static final String[] NOTE_TEXTS = {
            "Asked about the enterprise plan.", "Wants a demo next week.", "Prefers WhatsApp.",
            "Budget approved, waiting for legal.", "Sample description", "Call after 5pm local time." };
    private static final String[] TAGS = {
            "vip", "pricing", "demo-request", "newsletter", "support", "enterprise", "partner", "call back" };
    private static final String[][] ATTRIBUTES = {
            { "ID", "BP" }, { "source", "google-ads" }, { "source", "facebook" }, { "plan", "pro" }, { "plan", "free" },
            { "utm_campaign", "spring-sale" } };
    private static final String[] MESSAGES = {
            "Welcome to BotBuddy AI. I am here to help you.", "Hi, I want to know the price.",
            "Can I talk to a human?", "Thanks, that helps!", "Please share your email so we can follow up.",
            "What are your opening hours?", "An agent will be with you shortly." };
    private static final String[] STATUS_NAMES = {
            "OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "CLOSED" };
    /** Lead status weights in {@link #STATUS_NAMES} order (lots of OPEN, fewer CLOSED), out of 100. */
    private static final int[] LEAD_STATUS_WEIGHTS = { 36, 20, 12, 10, 8, 14 };
    private static final int[] NON_LEAD_STATUS_WEIGHTS = { 82, 4, 0, 4, 0, 10 };

    private static final Country[] COUNTRIES = {
            new Country("1", "United States", new String[] { "New York", "San Francisco", "Chicago", "Austin" }, 22),
            new Country("44", "United Kingdom", new String[] { "London", "Manchester", "Leeds", "Bristol" }, 14),
            new Country("91", "India", new String[] { "Mumbai", "Bengaluru", "Delhi", "Pune", "Chennai" }, 28),
            new Country("49", "Germany", new String[] { "Berlin", "München", "Hamburg", "Köln" }, 10),
            new Country("33", "France", new String[] { "Paris", "Lyon", "Marseille", "Toulouse" }, 9),
            new Country("61", "Australia", new String[] { "Sydney", "Melbourne", "Brisbane", "Perth" }, 8),
            new Country("971", "United Arab Emirates", new String[] { "Dubai", "Abu Dhabi", "Sharjah" }, 9) };
    private static final int COUNTRY_WEIGHT_TOTAL;
    static {
        int total = 0;
        for (Country c : COUNTRIES) {
            total += c.weight;
        }
        COUNTRY_WEIGHT_TOTAL = total;
    }
    private static final String[] US_AREA_CODES = { "212", "415", "312", "617", "206", "512", "303", "404", "646", "718" };

    private static final long DAY_MS = 86_400_000L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String LONG_NOTE = buildLongNote();

    private final long seed;
    private final double leadShare;
    private final long nowMs;
    private final long[] feistelKeys = new long[4];
    private final long objectIdMachine;
    private final int objectIdCounterBase;

    public ChatGenerator(long seed, double leadShare, Instant now) {
        this.seed = seed;
        this.leadShare = leadShare;
        this.nowMs = now.toEpochMilli();
        for (int k = 0; k < feistelKeys.length; k++) {
            feistelKeys[k] = mix64(seed * 31 + 0x5EED_0000L + k);
        }
        this.objectIdMachine = mix64(seed ^ 0x0B1EC7_1DL) & 0xFF_FFFF_FFFFL;
        this.objectIdCounterBase = (int) (mix64(seed + 0xC0FFEEL) & 0xFFFFFF);
    }

    // ----------------------------------------------------------------------------------------------- hashing

    /** SplitMix64's finaliser: a cheap, well-mixed 64-bit hash. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long a, long b) {
        return mix64(mix64(seed * 0x9E3779B97F4A7C15L + a) + b * 0xC2B2AE3D27D4EB4FL);
    }

    /** FNV-1a over the UTF-8 bytes of {@code text}: turns an id or a resource name into a number to hash with. */
    static long fnv64(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** A uniform number in [0, 1) derived from {@code (seed, i)} alone: chat i is a lead when it is below the share. */
    public double leadHash(int i) {
        return (hash(seed, i, 0x1EADL) >>> 11) * 0x1.0p-53;
    }

    /** Whether chat {@code i} is a lead: {@link #leadHash(int)} below the share, or the forced {@link #LONG_NOTE_INDEX}. */
    public boolean isLead(int i) {
        if (i == LONG_NOTE_INDEX && leadShare > 0) {
            return true;
        }
        return leadHash(i) < leadShare;
    }

    // ----------------------------------------------------------------------------------------------- ids

    /** The {@code uuid} of chat i: a version-4 UUID whose last 48 bits encode i (a keyed permutation), so it decodes in O(1). */
    public String uuid(int i) {
        long hi = hash(seed, i, 0x0001_D0D1L);
        long lo16 = hash(seed, i, 0x0002_D0D2L) & 0xFFFFL;
        hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L; // version 4
        lo16 = (lo16 & 0x3FFF) | 0x8000;                      // IETF variant
        long lo = (lo16 << 48) | feistel(i);
        char[] c = new char[36];
        int p = 0;
        p = hex(c, p, hi >>> 32, 8);
        c[p++] = '-';
        p = hex(c, p, hi >>> 16, 4);
        c[p++] = '-';
        p = hex(c, p, hi, 4);
        c[p++] = '-';
        p = hex(c, p, lo >>> 48, 4);
        c[p++] = '-';
        hex(c, p, lo, 12);
        return new String(c);
    }

    /** The index encoded in a {@link #uuid(int)}, or -1 when the text cannot be one of ours (the caller must still compare). */
    public long indexOfUuid(String uuid) {
        if (uuid == null || uuid.length() != 36) {
            return -1;
        }
        long v = 0;
        for (int k = 24; k < 36; k++) {
            int d = Character.digit(uuid.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return unfeistel(v);
    }

    private long feistel(long x) {
        long l = (x >>> 24) & 0xFFFFFF;
        long r = x & 0xFFFFFF;
        for (long key : feistelKeys) {
            long t = r;
            r = l ^ (mix64(r ^ key) & 0xFFFFFF);
            l = t;
        }
        return (l << 24) | r;
    }

    private long unfeistel(long y) {
        long l = (y >>> 24) & 0xFFFFFF;
        long r = y & 0xFFFFFF;
        for (int k = feistelKeys.length - 1; k >= 0; k--) {
            long t = l;
            l = r ^ (mix64(l ^ feistelKeys[k]) & 0xFFFFFF);
            r = t;
        }
        return (l << 24) | r;
    }

    /** A MongoDB-style ObjectId: 4 bytes of seconds, 5 bytes of per-seed "machine", 3 bytes of counter (unique below 2^24 chats). */
    String objectId(long epochMs, long counter) {
        char[] c = new char[24];
        int p = hex(c, 0, epochMs / 1000, 8);
        p = hex(c, p, objectIdMachine, 10);
        hex(c, p, (objectIdCounterBase + counter) & 0xFFFFFF, 6);
        return new String(c);
    }

    private static int hex(char[] c, int p, long v, int digits) {
        for (int k = digits - 1; k >= 0; k--) {
            c[p + k] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return p + digits;
    }

    // ----------------------------------------------------------------------------------------------- the chat

    /**
     * Chat {@code i} as generated (before any update).
     *
     * @param lead     whether it is a lead (see {@link #isLead(int)})
     * @param leadRank its position among the leads in index order, or -1 for a non-lead
     */
    public Chat generate(int i, boolean lead, int leadRank) {
        SplittableRandom rnd = new SplittableRandom(hash(seed, i, 0xC4A7L));
        String uuid = uuid(i);
        boolean pinnedHostile = lead && leadRank >= 0 && leadRank < HOSTILE.size();

        long created = nowMs - 1 - rnd.nextLong(90 * DAY_MS - 1);
        long updated = created + rnd.nextLong(nowMs - created);
        long lastSeen = created + (updated > created ? rnd.nextLong(updated - created + 1) : 0);
        lastSeen -= lastSeen % 1000;
        if (lastSeen < created) {
            lastSeen += 1000;
        }
        long lastAt = Math.max(created, lastSeen - 1000L * rnd.nextInt(1, 60));
        lastAt -= lastAt % 1000;
        if (lastAt < created) {
            lastAt = lastSeen;
        }

        String status = lead && leadRank >= 0 && leadRank < STATUS_NAMES.length
                ? STATUS_NAMES[leadRank]
                : STATUS_NAMES[weighted(rnd, lead ? LEAD_STATUS_WEIGHTS : NON_LEAD_STATUS_WEIGHTS)];
        String agent = rnd.nextInt(100) < (lead ? 75 : 30) ? AGENTS.get(rnd.nextInt(AGENTS.size())) : null;

        String by;
        int byRoll = rnd.nextInt(100);
        if (agent != null && byRoll < 30) {
            by = "agent";
        } else if (byRoll < 65) {
            by = "user";
        } else {
            by = "bot";
        }
        String text = pinnedHostile ? hostile(leadRank, 5) : freeText(rnd, MESSAGES[rnd.nextInt(MESSAGES.length)]);
        Chat.LastMessage lastMessage = new Chat.LastMessage(iso(lastAt), by, text);

        Chat.Profile profile = lead ? leadProfile(rnd, i, leadRank, pinnedHostile, created) : nonLeadProfile(rnd, i, created);
        return new Chat(
                objectId(created, i),
                uuid,
                iso(created),
                rnd.nextInt(100) < 5,
                lastMessage,
                iso(lastSeen),
                profile,
                status,
                iso(updated),
                1 + (int) Math.min(60, Math.abs(rnd.nextGaussian()) * 6),
                agent);
    }

    private Chat.Profile leadProfile(SplittableRandom rnd, int i, int leadRank, boolean pinnedHostile, long created) {
        boolean noContact = leadRank == 6 || leadRank == 7 || rnd.nextInt(100) < 8;
        if (noContact && rnd.nextInt(100) < 30 && !pinnedHostile && i != LONG_NOTE_INDEX) {
            return null; // a lead with no profile at all
        }
        Country country = country(rnd);
        int firstIndex = rnd.nextInt(FIRST.length);
        int lastIndex = rnd.nextInt(LAST.length);
        String first = FIRST[firstIndex];
        String last = LAST[lastIndex];
        String name;
        int style = rnd.nextInt(100);
        if (pinnedHostile) {
            name = hostile(leadRank, 0);
        } else if (style < 70) {
            name = first + " " + last;
        } else if (style < 85) {
            name = first;
        } else if (style < 90) {
            name = (first + " " + last).toLowerCase();
        } else if (style < 95) {
            name = freeText(rnd, first + " " + last);
        } else {
            name = null;
        }

        Chat.Contact contact = null;
        if (!noContact) {
            int kind = rnd.nextInt(100); // 50% both, 32% email only, 18% phone only
            String email = kind < 82 ? email(rnd, firstIndex, lastIndex) : null;
            Chat.Phone phone = kind < 50 || kind >= 82 ? new Chat.Phone(phoneNumber(rnd, country), country.prefix) : null;
            contact = new Chat.Contact(email, phone);
        }

        String picture = rnd.nextInt(100) < 35
                ? "https://cdn.botbuddyai.com/avatars/" + Long.toHexString(hash(seed, i, 0x9C7L) >>> 8) + ".png"
                : null;
        String city = pinnedHostile ? hostile(leadRank, 3)
                : rnd.nextInt(100) < 85 ? freeText(rnd, country.cities[rnd.nextInt(country.cities.length)]) : null;
        String countryName = rnd.nextInt(100) < 90 ? country.name : null;
        String gender = gender(rnd);

        List<String> tags = null;
        int tagCount = rnd.nextInt(100) < 55 ? rnd.nextInt(1, 4) : 0;
        if (tagCount > 0 || pinnedHostile) {
            tags = new ArrayList<>(tagCount + 1);
            for (int k = 0; k < tagCount; k++) {
                String tag = freeText(rnd, TAGS[rnd.nextInt(TAGS.length)]);
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            if (pinnedHostile) {
                tags.add(hostile(leadRank, 2));
            }
        } else if (rnd.nextInt(100) < 30) {
            tags = List.of();
        }

        List<Chat.Attribute> attributes = null;
        int attributeCount = rnd.nextInt(100) < 50 ? rnd.nextInt(1, 3) : 0;
        if (attributeCount > 0 || pinnedHostile) {
            attributes = new ArrayList<>(attributeCount + 1);
            for (int k = 0; k < attributeCount; k++) {
                String[] kv = ATTRIBUTES[rnd.nextInt(ATTRIBUTES.length)];
                String value = kv[0].equals("ID") ? "BP" + (100_000 + i % 100_000 + "").substring(1) : kv[1];
                attributes.add(new Chat.Attribute(kv[0], freeText(rnd, value)));
            }
            if (pinnedHostile) {
                attributes.add(new Chat.Attribute("note", hostile(leadRank, 4)));
            }
        }

        List<Chat.Note> notes = notes(rnd, i, created, pinnedHostile ? hostile(leadRank, 1) : null, 45);
        if (i == LONG_NOTE_INDEX) {
            notes = new ArrayList<>(notes == null ? List.of() : notes);
            notes.add(new Chat.Note(LONG_NOTE_TITLE, LONG_NOTE, noteId(i, created, 99)));
        }
        if (rnd.nextInt(100) < 5 && !pinnedHostile && i != LONG_NOTE_INDEX) {
            // a profile with notes but no user details at all
            return new Chat.Profile(notes, null);
        }
        return new Chat.Profile(notes,
                new Chat.UserDetails(name, picture, contact, city, countryName, gender, tags, attributes));
    }

    private Chat.Profile nonLeadProfile(SplittableRandom rnd, int i, long created) {
        int roll = rnd.nextInt(100);
        if (roll < 25) {
            return null;
        }
        Country country = country(rnd);
        String name = rnd.nextInt(100) < 12 ? freeText(rnd, FIRST[rnd.nextInt(FIRST.length)]) : null;
        String city = rnd.nextInt(100) < 60 ? freeText(rnd, country.cities[rnd.nextInt(country.cities.length)]) : null;
        String countryName = rnd.nextInt(100) < 70 ? country.name : null;
        List<String> tags = rnd.nextInt(100) < 10 ? List.of(freeText(rnd, TAGS[rnd.nextInt(TAGS.length)])) : null;
        List<Chat.Note> notes = notes(rnd, i, created, null, 8);
        if (roll < 35) {
            return new Chat.Profile(notes, null);
        }
        return new Chat.Profile(notes,
                new Chat.UserDetails(name, null, null, city, countryName, rnd.nextInt(100) < 50 ? null : gender(rnd),
                        tags, null));
    }

    private List<Chat.Note> notes(SplittableRandom rnd, int i, long created, String pinned, int percent) {
        int count = rnd.nextInt(100) < percent ? rnd.nextInt(1, 4) : 0;
        if (count == 0 && pinned == null) {
            return rnd.nextInt(100) < 40 ? List.of() : null;
        }
        List<Chat.Note> notes = new ArrayList<>(count + 1);
        for (int k = 0; k < count; k++) {
            notes.add(new Chat.Note(freeText(rnd, NOTE_TITLES[rnd.nextInt(NOTE_TITLES.length)]),
                    freeText(rnd, NOTE_TEXTS[rnd.nextInt(NOTE_TEXTS.length)]), noteId(i, created, k)));
        }
        if (pinned != null) {
            notes.add(new Chat.Note("Hostile", pinned, noteId(i, created, 50)));
        }
        return notes;
    }

    private String noteId(int i, long created, int k) {
        return objectId(created + 60_000L * (k + 1), (long) i * 131 + k + 7);
    }

    // ----------------------------------------------------------------------------------------------- pieces

    private static String hostile(int rank, int field) {
        return HOSTILE.get((rank + field) % HOSTILE.size());
    }

    /** About 4% of free-text values are replaced by a hostile sample. */
    private static String freeText(SplittableRandom rnd, String normal) {
        return rnd.nextInt(100) < 4 ? HOSTILE.get(rnd.nextInt(HOSTILE.size())) : normal;
    }

    private static int weighted(SplittableRandom rnd, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = rnd.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            roll -= weights[k];
            if (roll < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    private static String gender(SplittableRandom rnd) {
        int roll = rnd.nextInt(100);
        return roll < 42 ? "MALE" : roll < 84 ? "FEMALE" : null;
    }

    private static Country country(SplittableRandom rnd) {
        int roll = rnd.nextInt(COUNTRY_WEIGHT_TOTAL);
        for (Country c : COUNTRIES) {
            roll -= c.weight;
            if (roll < 0) {
                return c;
            }
        }
        return COUNTRIES[0];
    }

    private static String email(SplittableRandom rnd, int firstIndex, int lastIndex) {
        String f = FIRST_ASCII[firstIndex];
        String l = LAST_ASCII[lastIndex];
        String local = switch (rnd.nextInt(4)) {
            case 0 -> f + "." + l;
            case 1 -> f + l + rnd.nextInt(1, 100);
            case 2 -> f.charAt(0) + "." + l;
            default -> f + "_" + rnd.nextInt(1970, 2006);
        };
        return local + "@" + DOMAINS[rnd.nextInt(DOMAINS.length)];
    }

    private static String[] asciiAll(String[] names) {
        String[] out = new String[names.length];
        for (int k = 0; k < names.length; k++) {
            out[k] = ascii(names[k]);
        }
        return out;
    }

    private static String ascii(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFD).toLowerCase();
        StringBuilder sb = new StringBuilder(folded.length());
        for (int k = 0; k < folded.length(); k++) {
            char ch = folded.charAt(k);
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                sb.append(ch);
            }
        }
        return sb.isEmpty() ? "user" : sb.toString();
    }

    /** A national number of a valid length and leading digits for the country (mobile ranges), digits only. */
    private static String phoneNumber(SplittableRandom rnd, Country country) {
        StringBuilder sb = new StringBuilder(12);
        switch (country.prefix) {
            case "1" -> {
                sb.append(US_AREA_CODES[rnd.nextInt(US_AREA_CODES.length)]);
                sb.append(rnd.nextInt(2, 10)).append(rnd.nextInt(10)).append(rnd.nextInt(10));
                digits(sb, rnd, 4);
            }
            case "44" -> {
                sb.append("7").append("4579".charAt(rnd.nextInt(4)));
                digits(sb, rnd, 8);
            }
            case "91" -> {
                sb.append("9876".charAt(rnd.nextInt(4)));
                digits(sb, rnd, 9);
            }
            case "49" -> {
                sb.append(new String[] { "151", "152", "157", "160", "170", "171", "176" }[rnd.nextInt(7)]);
                digits(sb, rnd, sb.charAt(1) == '7' && sb.charAt(2) != '6' ? 7 : 8);
            }
            case "33" -> {
                sb.append("6").append("01245678".charAt(rnd.nextInt(8)));
                digits(sb, rnd, 7);
            }
            case "61" -> {
                sb.append("4").append("0123".charAt(rnd.nextInt(4)));
                digits(sb, rnd, 7);
            }
            default -> { // 971
                sb.append("5").append("02568".charAt(rnd.nextInt(5)));
                digits(sb, rnd, 7);
            }
        }
        return sb.toString();
    }

    private static void digits(StringBuilder sb, SplittableRandom rnd, int count) {
        for (int k = 0; k < count; k++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
    }

    // ----------------------------------------------------------------------------------------------- time

    /** ISO-8601 UTC with milliseconds and {@code Z}, e.g. {@code 2023-02-01T05:59:03.533Z}. */
    static String iso(long epochMs) {
        long days = Math.floorDiv(epochMs, DAY_MS);
        long msOfDay = Math.floorMod(epochMs, DAY_MS);
        // civil-from-days (Howard Hinnant)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        char[] c = new char[24];
        put(c, 0, y, 4);
        c[4] = '-';
        put(c, 5, m, 2);
        c[7] = '-';
        put(c, 8, d, 2);
        c[10] = 'T';
        put(c, 11, msOfDay / 3_600_000, 2);
        c[13] = ':';
        put(c, 14, msOfDay / 60_000 % 60, 2);
        c[16] = ':';
        put(c, 17, msOfDay / 1000 % 60, 2);
        c[19] = '.';
        put(c, 20, msOfDay % 1000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int p, long v, int digits) {
        for (int k = digits - 1; k >= 0; k--) {
            c[p + k] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    private static String buildLongNote() {
        String sentence = "This lead wrote a very long message, pasted from an email thread, with lines,\n"
                + "commas, \"quotes\" and 😀 emoji; it is longer than a spreadsheet cell can hold. ";
        StringBuilder sb = new StringBuilder(LONG_NOTE_LENGTH + sentence.length());
        while (sb.length() < LONG_NOTE_LENGTH) {
            sb.append(sentence);
        }
        sb.setLength(LONG_NOTE_LENGTH);
        if (Character.isHighSurrogate(sb.charAt(LONG_NOTE_LENGTH - 1))) {
            sb.setCharAt(LONG_NOTE_LENGTH - 1, '.');
        }
        return sb.toString();
    }

    private record Country(String prefix, String name, String[] cities, int weight) {
    }
}
