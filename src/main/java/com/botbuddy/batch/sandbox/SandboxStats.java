package com.botbuddy.batch.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.botbuddy.batch.client.ChatType;

/**
 * Request counters, also served as JSON by {@code GET /_sandbox/stats} and reset by {@code DELETE /_sandbox/stats}:
 * <pre>{"listing":{"200":12,"500":1},"update":{"200":5},
 *  "listingPages":{"lead":{"1":1,"2":1}},"listingByPair":{"demo-bot/demo-customer":2},
 *  "updatesByUuid":{"7e88...":1}}</pre>
 * <ul>
 * <li>{@code listing} / {@code update} / {@code other}: requests by answer status code (a truncated answer counts as
 *     {@code "200"}; {@code "dropped"} counts a
 *     connection closed without an answer);</li>
 * <li>{@code listingPages}: listing requests per type and page, counted once the parameters were valid, whatever the
 *     answer (fault or not), all pairs together;</li>
 * <li>{@code listingByPair}: those same listing requests per {@code botId/customerId} pair;</li>
 * <li>{@code updatesByUuid}: update requests per {@code uuid} (every attempt that got past the token check and had a
 *     uuid), and {@link #appliedUpdates(String)} those answered 200.</li>
 * </ul>
 */
public final class SandboxStats {

    public static final String LISTING = "listing";
    public static final String UPDATE = "update";
    public static final String OTHER = "other";
    public static final String DROPPED = "dropped";

    private final Map<String, Map<String, LongAdder>> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, LongAdder>> listingPages = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> listingByPair = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> updatesByUuid = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> appliedByUuid = new ConcurrentHashMap<>();

    void record(String endpoint, String status) {
        byEndpoint.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void recordPage(ChatType type, long page) {
        listingPages.computeIfAbsent(type.apiValue(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(page, p -> new LongAdder()).increment();
    }

    void recordPair(SandboxPair pair) {
        listingByPair.computeIfAbsent(pair.toString(), p -> new LongAdder()).increment();
    }

    void recordUpdateAttempt(String uuid) {
        updatesByUuid.computeIfAbsent(uuid, u -> new LongAdder()).increment();
    }

    void recordUpdateApplied(String uuid) {
        appliedByUuid.computeIfAbsent(uuid, u -> new LongAdder()).increment();
    }

    /** Requests to an endpoint ({@link #LISTING}, {@link #UPDATE}, {@link #OTHER}) answered with this status. */
    public long count(String endpoint, int status) {
        return count(endpoint, Integer.toString(status));
    }

    /** As {@link #count(String, int)}, with the status as text ({@code "200"}, {@link #DROPPED}). */
    public long count(String endpoint, String status) {
        Map<String, LongAdder> m = byEndpoint.get(endpoint);
        LongAdder a = m == null ? null : m.get(status);
        return a == null ? 0 : a.sum();
    }

    /** All requests to an endpoint, whatever the answer. */
    public long requests(String endpoint) {
        Map<String, LongAdder> m = byEndpoint.get(endpoint);
        return m == null ? 0 : m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** How often this listing page was requested (with valid parameters). */
    public long pageRequests(ChatType type, long page) {
        Map<Long, LongAdder> m = listingPages.get(type.apiValue());
        LongAdder a = m == null ? null : m.get(page);
        return a == null ? 0 : a.sum();
    }

    /** Page → request count for one listing, in page order. */
    public SortedMap<Long, Long> pagesRequested(ChatType type) {
        SortedMap<Long, Long> out = new TreeMap<>();
        Map<Long, LongAdder> m = listingPages.get(type.apiValue());
        if (m != null) {
            m.forEach((page, n) -> out.put(page, n.sum()));
        }
        return out;
    }

    /** Listing requests (with valid parameters) for this pair, whatever the answer. */
    public long pairRequests(SandboxPair pair) {
        LongAdder a = listingByPair.get(pair.toString());
        return a == null ? 0 : a.sum();
    }

    /** {@code botId/customerId} → listing requests, sorted by pair. */
    public SortedMap<String, Long> listingRequestsByPair() {
        SortedMap<String, Long> out = new TreeMap<>();
        listingByPair.forEach((pair, n) -> out.put(pair, n.sum()));
        return out;
    }

    /** Update requests (attempts) for this uuid. */
    public long updateRequests(String uuid) {
        LongAdder a = updatesByUuid.get(uuid);
        return a == null ? 0 : a.sum();
    }

    /** Update requests for this uuid answered 200. */
    public long appliedUpdates(String uuid) {
        LongAdder a = appliedByUuid.get(uuid);
        return a == null ? 0 : a.sum();
    }

    /** uuid → update requests, sorted by uuid. */
    public SortedMap<String, Long> updateRequestsByUuid() {
        SortedMap<String, Long> out = new TreeMap<>();
        updatesByUuid.forEach((uuid, n) -> out.put(uuid, n.sum()));
        return out;
    }

    /** Clears every counter. */
    public void reset() {
        byEndpoint.clear();
        listingPages.clear();
        listingByPair.clear();
        updatesByUuid.clear();
        appliedByUuid.clear();
    }

    /** The JSON shape served by {@code GET /_sandbox/stats}. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String endpoint : new String[] { LISTING, UPDATE, OTHER }) {
            Map<String, Long> codes = new TreeMap<>();
            Map<String, LongAdder> m = byEndpoint.get(endpoint);
            if (m != null) {
                m.forEach((code, n) -> codes.put(code, n.sum()));
            }
            out.put(endpoint, codes);
        }
        Map<String, Object> pages = new TreeMap<>();
        for (ChatType type : ChatType.values()) {
            Map<String, Long> perPage = new LinkedHashMap<>();
            pagesRequested(type).forEach((page, n) -> perPage.put(Long.toString(page), n));
            pages.put(type.apiValue(), perPage);
        }
        out.put("listingPages", pages);
        out.put("listingByPair", listingRequestsByPair());
        out.put("updatesByUuid", updateRequestsByUuid());
        return out;
    }
}
