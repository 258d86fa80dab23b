package com.botbuddy.batch.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which request fails, and how: deterministic from the seed, so a run with faults can be replayed.
 *
 * <p>Every API request concerns a <em>resource</em>: a listing page ({@code listing:<type>:<page>}) or a chat to update
 * ({@code update:<uuid>}). The sandbox counts the attempts per resource, {@code k = 0, 1, 2, ...}. Attempt {@code k}
 * fails when {@code hash(seed, resource, k) < faultRate}, but <b>never when {@code k >= 3}</b>: a client that tries
 * each request at least 4 times always gets through. The kind of failure comes from the same hash, evenly spread over
 * {@link Fault#SERVER_ERROR} (500), {@link Fault#TOO_MANY_REQUESTS} (429 with {@code Retry-After: 1}),
 * {@link Fault#SLOW} (a correct answer after {@link #slowMillis()}, 2 s by default), {@link Fault#DROP} (the
 * connection is closed without an answer) and {@link Fault#TRUNCATED} (200 whose body is the first half of the JSON).
 * An update is applied on a slow or truncated answer (the answer is what goes wrong), not on the others.
 */
public final class FaultPlan {

    /** How a request fails. */
    public enum Fault { NONE, SERVER_ERROR, TOO_MANY_REQUESTS, SLOW, DROP, TRUNCATED }

    /** Attempts from this one on (0-based) never fail. */
    public static final int LAST_FAULTY_ATTEMPT = 2;

    private static final Fault[] KINDS = {
            Fault.SERVER_ERROR, Fault.TOO_MANY_REQUESTS, Fault.SLOW, Fault.DROP, Fault.TRUNCATED };

    private final long seed;
    private final double rate;
    private volatile long slowMillis = 2000;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<Fault, LongAdder> injected = new EnumMap<>(Fault.class);

    public FaultPlan(long seed, double rate) {
        this.seed = seed;
        this.rate = rate;
        for (Fault f : Fault.values()) {
            injected.put(f, new LongAdder());
        }
    }

    public double rate() {
        return rate;
    }

    /** How long a {@link Fault#SLOW} answer is held back. */
    public long slowMillis() {
        return slowMillis;
    }

    /** Shortens (tests) or lengthens slow answers. */
    public void setSlowMillis(long millis) {
        this.slowMillis = millis;
    }

    /** The fault for the next attempt at this resource (and counts the attempt). */
    public Fault next(String resource) {
        if (rate <= 0) {
            return Fault.NONE;
        }
        int k = attempts.computeIfAbsent(resource, r -> new AtomicInteger()).getAndIncrement();
        Fault fault = decide(resource, k);
        injected.get(fault).increment();
        return fault;
    }

    /** The fault attempt {@code k} (0-based) at this resource gets; pure, no counting. */
    public Fault decide(String resource, int k) {
        if (rate <= 0 || k > LAST_FAULTY_ATTEMPT) {
            return Fault.NONE;
        }
        long h = ChatGenerator.hash(seed, ChatGenerator.fnv64(resource), 0xFA17_0000L + k);
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= rate) {
            return Fault.NONE;
        }
        return KINDS[(int) Long.remainderUnsigned(ChatGenerator.mix64(h), KINDS.length)];
    }

    /** How many of each fault were injected (and {@link Fault#NONE} for the requests let through). */
    public long injected(Fault fault) {
        return injected.get(fault).sum();
    }

    /** Forgets attempt counts and fault counts: the plan starts over. */
    public void reset() {
        attempts.clear();
        injected.values().forEach(LongAdder::reset);
    }
}
