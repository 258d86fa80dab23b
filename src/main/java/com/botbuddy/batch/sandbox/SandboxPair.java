package com.botbuddy.batch.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code (botId, customerId)} pair the sandbox serves. Every well-formed pair has chats of its own, derived from the
 * seed and the two ids ({@link #dataSeed(long)}); {@link #DEFAULT} is served the chats of the seed itself.
 *
 * <p>{@link #generated(int)} names pairs to try: pair 0 is {@link #DEFAULT}, pair <em>i</em> &ge; 1 is bot
 * {@code demo-bot-<i+1>} of {@code demo-customer} (many bots of one customer account, as an agency has). They are
 * what {@code sandbox --bots N} prints; any other well-formed pair is served just the same.
 *
 * <p>A well-formed id ({@link #problem(String, String)}) is what can stand as one path segment of the bot's page URL
 * {@code https://page.botbuddyai.com/<botId>/<customerId>}, where operators copy the ids from: 1 to
 * {@value #MAX_ID_LENGTH} characters among ASCII letters, digits and {@code - . _ ~}, not {@code .} or {@code ..}.
 */
public record SandboxPair(String botId, String customerId) {

    /** The pair the sandbox's examples use; its chats are those of the seed alone. */
    public static final SandboxPair DEFAULT = new SandboxPair(SandboxSettings.DEFAULT_BOT_ID,
            SandboxSettings.DEFAULT_CUSTOMER_ID);

    /** The longest id the sandbox accepts. */
    public static final int MAX_ID_LENGTH = 200;

    /** How many pairs {@code sandbox --bots} names at most. */
    public static final int MAX_GENERATED = 1000;

    public SandboxPair {
        String problem = problem(botId, customerId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The pair {@code settings} names ({@code botId}, {@code customerId}). */
    public static SandboxPair of(SandboxSettings settings) {
        return new SandboxPair(settings.botId(), settings.customerId());
    }

    /** The {@code i}-th generated pair (0-based): {@link #DEFAULT}, then {@code demo-bot-2/demo-customer}, ... */
    public static SandboxPair generated(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("pair numbers start at 0, was " + i);
        }
        return i == 0 ? DEFAULT : new SandboxPair(DEFAULT.botId + "-" + (i + 1), DEFAULT.customerId);
    }

    /** The first {@code n} generated pairs, in order. */
    public static List<SandboxPair> firstGenerated(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot name " + n + " pairs");
        }
        List<SandboxPair> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pairs.add(generated(i));
        }
        return pairs;
    }

    /**
     * The seed this pair's chats are generated from: {@code seed} itself for {@link #DEFAULT}, a hash of the seed and
     * both ids for any other pair.
     */
    public long dataSeed(long seed) {
        if (equals(DEFAULT)) {
            return seed;
        }
        return ChatGenerator.hash(seed, ChatGenerator.fnv64(botId), ChatGenerator.fnv64(customerId));
    }

    /** Why the API refuses these ids (the text of its 400 answer), or {@code null} when both are well-formed. */
    public static String problem(String botId, String customerId) {
        String bot = idProblem("botId", botId);
        return bot != null ? bot : idProblem("customerId", customerId);
    }

    private static String idProblem(String name, String id) {
        if (id == null || id.isEmpty()) {
            return name + " is required";
        }
        if (id.length() > MAX_ID_LENGTH) {
            return name + " is longer than " + MAX_ID_LENGTH + " characters";
        }
        if (id.equals(".") || id.equals("..") || !id.chars().allMatch(SandboxPair::idChar)) {
            return name + " is malformed: use the id from the bot's page URL (letters, digits, '-', '.', '_', '~')";
        }
        return null;
    }

    private static boolean idChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** {@code botId/customerId}, as a job file's {@code targets=} writes a pair. */
    @Override
    public String toString() {
        return botId + "/" + customerId;
    }
}
