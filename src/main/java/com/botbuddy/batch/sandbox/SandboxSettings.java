package com.botbuddy.batch.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Everything that shapes the sandbox: its port, its data (size, lead share, seed, anchor instant) and how it behaves
 * (page size, latency, faults, test knobs). Immutable; use {@link #defaults()} and the {@code with...} methods.
 *
 * @param port           TCP port on 127.0.0.1; {@code 0} picks any free port
 * @param chats          how many chats exist (leads and non-leads together)
 * @param leadShare      the chance that a chat is a lead, in [0, 1]
 * @param seed           the data seed: same seed and settings give byte-identical pages
 * @param pageSize       chats per listing page (at least 1)
 * @param latencyMs      delay added to every API answer
 * @param faultRate      share of first attempts (per resource) that fail; see {@link FaultPlan}
 * @param botId          the bot of the sandbox's own pair: its examples and {@link SandboxServer#data()}; every
 *                       well-formed pair is served (see {@link SandboxPair})
 * @param customerId     the customer of that pair
 * @param botToken       the expected {@code x-bot-token} (listing)
 * @param bpToken        the expected {@code x-bp-token} (update)
 * @param now            the anchor every generated instant is derived from (default: start of the current UTC day)
 * @param ignorePage     test knob: every listing request answers page 1's data, whatever {@code page} says
 * @param duplicateEvery test knob, 0 = off: every N-th page (N, 2N, ...) also starts with a copy of the previous page's
 *                       last chat (same {@code _id}), so readers must deduplicate
 */
public record SandboxSettings(
        int port,
        int chats,
        double leadShare,
        long seed,
        int pageSize,
        long latencyMs,
        double faultRate,
        String botId,
        String customerId,
        String botToken,
        String bpToken,
        Instant now,
        boolean ignorePage,
        int duplicateEvery) {

    public static final int DEFAULT_PORT = 8089;
    public static final int DEFAULT_CHATS = 2000;
    public static final double DEFAULT_LEAD_SHARE = 0.6;
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final String DEFAULT_BOT_ID = "demo-bot";
    public static final String DEFAULT_CUSTOMER_ID = "demo-customer";
    public static final String DEFAULT_BOT_TOKEN = "sandbox-bot-token";
    public static final String DEFAULT_BP_TOKEN = "sandbox-bp-token";

    public SandboxSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (chats < 0) {
            throw new IllegalArgumentException("chats must be 0 or more, was " + chats);
        }
        if (!(leadShare >= 0.0 && leadShare <= 1.0)) {
            throw new IllegalArgumentException("lead share must be between 0 and 1, was " + leadShare);
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be 1 or more, was " + pageSize);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latency must be 0 or more milliseconds, was " + latencyMs);
        }
        if (!(faultRate >= 0.0 && faultRate <= 1.0)) {
            throw new IllegalArgumentException("fault rate must be between 0 and 1, was " + faultRate);
        }
        if (duplicateEvery < 0) {
            throw new IllegalArgumentException("duplicateEvery must be 0 (off) or more, was " + duplicateEvery);
        }
        String idProblem = SandboxPair.problem(botId, customerId);
        if (idProblem != null) {
            throw new IllegalArgumentException(idProblem);
        }
        requireText(botToken, "bot token");
        requireText(bpToken, "bp token");
        Objects.requireNonNull(now, "now");
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** The start of the current UTC day: the default anchor, so data is identical across restarts within a UTC day. */
    public static Instant startOfTodayUtc() {
        return LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Port 8089, 2000 chats, lead share 0.6, seed 42, pages of 50, no latency, no faults, anchored at today 00:00 UTC. */
    public static SandboxSettings defaults() {
        return new SandboxSettings(DEFAULT_PORT, DEFAULT_CHATS, DEFAULT_LEAD_SHARE, DEFAULT_SEED, DEFAULT_PAGE_SIZE, 0, 0.0,
                DEFAULT_BOT_ID, DEFAULT_CUSTOMER_ID, DEFAULT_BOT_TOKEN, DEFAULT_BP_TOKEN, startOfTodayUtc(), false, 0);
    }

    /** {@link #defaults()} on any free port: what tests want. */
    public static SandboxSettings forTests() {
        return defaults().withPort(0);
    }

    public SandboxSettings withPort(int value) {
        return new SandboxSettings(value, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withChats(int value) {
        return new SandboxSettings(port, value, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withLeadShare(double value) {
        return new SandboxSettings(port, chats, value, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withSeed(long value) {
        return new SandboxSettings(port, chats, leadShare, value, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withPageSize(int value) {
        return new SandboxSettings(port, chats, leadShare, seed, value, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withLatencyMs(long value) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, value, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withFaultRate(double value) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, value, botId, customerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withIds(String newBotId, String newCustomerId) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, newBotId, newCustomerId,
                botToken, bpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withTokens(String newBotToken, String newBpToken) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                newBotToken, newBpToken, now, ignorePage, duplicateEvery);
    }

    public SandboxSettings withNow(Instant value) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, value, ignorePage, duplicateEvery);
    }

    public SandboxSettings withIgnorePage(boolean value) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, value, duplicateEvery);
    }

    public SandboxSettings withDuplicateEvery(int value) {
        return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                botToken, bpToken, now, ignorePage, value);
    }

    /** Tokens are fake but still kept out of logs by habit. */
    @Override
    public String toString() {
        return "SandboxSettings[port=" + port + ", chats=" + chats + ", leadShare=" + leadShare + ", seed=" + seed
                + ", pageSize=" + pageSize + ", latencyMs=" + latencyMs + ", faultRate=" + faultRate + ", botId=" + botId
                + ", customerId=" + customerId + ", now=" + now + ", ignorePage=" + ignorePage
                + ", duplicateEvery=" + duplicateEvery + "]";
    }
}
