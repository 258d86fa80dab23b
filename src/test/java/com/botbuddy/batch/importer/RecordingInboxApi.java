package com.botbuddy.batch.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.botbuddy.batch.client.ApiResponse;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.client.LeadUpdate;

/** A fake {@link InboxApi} for the import tests: records every PUT attempt and what was applied, per uuid. */
public class RecordingInboxApi implements InboxApi {

    /** What the fake answers to the n-th call (1-based): return normally to apply, or throw. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(int call, LeadUpdate update);
    }

    private final List<LeadUpdate> attempts = new ArrayList<>();
    private final Map<String, LeadUpdate> applied = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> appliedCounts = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Behaviour behaviour = (n, u) -> { };

    public synchronized void reset(Behaviour behaviour) {
        attempts.clear();
        applied.clear();
        appliedCounts.clear();
        calls.set(0);
        this.behaviour = behaviour;
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public ChatListing listChats(String botId, String customerId, ChatType type, int page) {
        throw new UnsupportedOperationException("not used by the import");
    }

    @Override
    public ApiResponse updateLead(LeadUpdate update) {
        int n = calls.incrementAndGet();
        synchronized (this) {
            attempts.add(update);
        }
        behaviour.answer(n, update);
        applied.put(update.uuid(), update);
        appliedCounts.computeIfAbsent(update.uuid(), k -> new AtomicInteger()).incrementAndGet();
        return new ApiResponse(true, "ok", 200);
    }

    public int calls() {
        return calls.get();
    }

    public synchronized List<LeadUpdate> attempts() {
        return List.copyOf(attempts);
    }

    public LeadUpdate applied(String uuid) {
        return applied.get(uuid);
    }

    public Map<String, Integer> appliedCounts() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        appliedCounts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
