package com.botbuddy.batch.importer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.client.ApiRejectedException;
import com.botbuddy.batch.client.ApiUnavailableException;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.importer.ImportStaging.LiveChat;
import com.botbuddy.batch.importer.ImportStaging.Outcome;
import com.botbuddy.batch.importer.ImportStaging.PendingRow;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Sends a chunk of staged rows with {@code PUT /inbox/direct/lead}: the chunk's requests run in parallel on a
 * fixed pool of {@code concurrency} threads, each first taking a permit of the rate limiter ({@code rate}
 * requests/s, 0 = unlimited); the outcomes are recorded in row order in the staging table, in the chunk's
 * transaction, {@value #RECORD_BATCH} at a time as their requests complete (an exception that fails the chunk rolls
 * them all back).
 * <ul>
 * <li>400 / success:false ({@link ApiRejectedException}): the row is {@code rejected} with the API's text.</li>
 * <li>Retries exhausted ({@link ApiUnavailableException}): the row is {@code failed}.</li>
 * <li>401/403 ({@link ApiAuthException}): no further request starts, the exception fails the step (the chunk is
 *     rolled back; a restart with a good token sends it again).</li>
 * <li>Before each chunk: when at least {@link #ERROR_RATE_MIN_SAMPLE} rows were sent in this execution and more
 *     than {@code maxErrorRate} of them were rejected or failed, the step fails with {@link ImportStoppedException}
 *     before sending anything more (everything sent so far is committed).</li>
 * <li>Conflict check, first, for the whole chunk (one lookup in the live snapshot): a row carrying an
 *     {@code updated_at} older than its live chat's, or whose chat the live listing does not have, is not sent and
 *     gets {@code conflict}, naming the fields it sets whose live value differs. Not with {@code --overwrite-newer},
 *     nor for rows without {@code updated_at}, nor when no snapshot was taken. Conflicts do not count toward the
 *     error rate: nothing was sent.</li>
 * <li>Dry run: nothing is sent; every row not in conflict gets {@code unchanged-dry-run}.</li>
 * </ul>
 * A restart sends only rows without a committed outcome, and checks them against the first run's snapshot: the check
 * gives the same answer as it did before the crash, even for a row whose PUT went out but whose chunk did not commit.
 */
public class LeadSendWriter implements ItemStreamWriter<PendingRow> {
    /** Rows sent in one execution before the error rate is judged. */
    public static final int ERROR_RATE_MIN_SAMPLE = 50;
    /**
     * Outcomes recorded per staging update while the chunk's later requests are still in flight: the updates run in
     * the chunk's transaction (so they still commit or roll back together) but do not add their time after the
     * chunk's slowest request.
     */
    static final int RECORD_BATCH = 64;

    private static final Logger log = LoggerFactory.getLogger(LeadSendWriter.class);

    private final InboxApi api;
    private final ImportStaging staging;
    private final long instanceId;
    private final ImportParameters params;
    private final boolean liveRead;
    private ExecutorService pool;
    private RateLimiter limiter;
    private long sent;
    private long bad;

    public LeadSendWriter(InboxApi api, ImportStaging staging, long instanceId, ImportParameters params) {
        this(api, staging, instanceId, params, false);
    }

    /** @param liveRead whether the live snapshot was taken (the conflict check needs it) */
    public LeadSendWriter(InboxApi api, ImportStaging staging, long instanceId, ImportParameters params,
            boolean liveRead) {
        this.api = api;
        this.staging = staging;
        this.instanceId = instanceId;
        this.params = params;
        this.liveRead = liveRead;
    }

    @Override
    public void open(ExecutionContext context) {
        if (!params.dryRun()) {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory threads = r -> {
                Thread t = new Thread(r, "import-put-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(params.concurrency(), threads);
            if (params.rate() > 0) {
                long periodNanos = Math.max(1, (long) (1_000_000_000L / params.rate()));
                limiter = RateLimiter.of("import-put", RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                        .timeoutDuration(Duration.ofHours(1))
                        .build());
            }
        }
    }

    @Override
    public void write(Chunk<? extends PendingRow> chunk) throws Exception {
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        List<PendingRow> toSend = new ArrayList<>(chunk.size());
        List<Outcome> conflicts = checkConflicts(chunk, toSend);
        if (params.dryRun()) {
            outcomes.addAll(conflicts);
            for (PendingRow row : toSend) {
                outcomes.add(new Outcome(row.rowNo(), ImportOutcome.DRY_RUN, null, null));
            }
            staging.recordOutcomes(instanceId, outcomes);
            return;
        }
        if (!conflicts.isEmpty()) {
            staging.recordOutcomes(instanceId, conflicts);
        }
        if (toSend.isEmpty()) {
            return;
        }
        checkErrorRate();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Object>> futures = new ArrayList<>(toSend.size());
        for (PendingRow row : toSend) {
            futures.add(pool.submit(() -> send(row, stop)));
        }
        ApiAuthException auth = null;
        RuntimeException unexpected = null;
        int i = 0;
        for (PendingRow row : toSend) {
            Object result;
            try {
                result = futures.get(i++).get();
            } catch (ExecutionException e) {
                result = e.getCause();
            }
            if (result instanceof Outcome o) {
                outcomes.add(o);
                sent++;
                if (!ImportOutcome.UPDATED.equals(o.outcome())) {
                    bad++;
                }
                if (outcomes.size() >= RECORD_BATCH && auth == null && unexpected == null) {
                    staging.recordOutcomes(instanceId, outcomes);
                    outcomes.clear();
                }
            } else if (result instanceof ApiAuthException a) {
                auth = auth == null ? a : auth;
            } else if (result instanceof RuntimeException r) {
                unexpected = unexpected == null ? r : unexpected;
            } else if (result instanceof Throwable t) {
                unexpected = unexpected == null ? new IllegalStateException("PUT of row " + row.rowNo() + " failed", t) : unexpected;
            }
        }
        if (auth != null) {
            throw auth;
        }
        if (unexpected != null) {
            throw unexpected;
        }
        if (!outcomes.isEmpty()) {
            staging.recordOutcomes(instanceId, outcomes);
        }
    }

    /** The chunk's conflicts; the rows to send go to {@code toSend}, in order. */
    private List<Outcome> checkConflicts(Chunk<? extends PendingRow> chunk, List<PendingRow> toSend) {
        List<Outcome> conflicts = new ArrayList<>();
        if (!liveRead || params.overwriteNewer()) {
            chunk.forEach(toSend::add);
            return conflicts;
        }
        Set<String> checked = new HashSet<>();
        for (PendingRow row : chunk) {
            if (row.updatedAtMs() != null) {
                checked.add(row.uuid());
            }
        }
        Map<String, LiveChat> live = staging.live(instanceId, checked);
        for (PendingRow row : chunk) {
            String why = row.updatedAtMs() == null ? null : conflict(row, live.get(row.uuid()));
            if (why == null) {
                toSend.add(row);
            } else {
                conflicts.add(new Outcome(row.rowNo(), ImportOutcome.CONFLICT, null, why));
            }
        }
        return conflicts;
    }

    /** Why the row must not be sent, or {@code null} when its chat has not changed since the row's updated_at. */
    static String conflict(PendingRow row, LiveChat live) {
        if (live == null) {
            return "the chat is not in the live listing (deleted, or no longer in the listing its type names):"
                    + " not sent; --overwrite-newer sends it anyway";
        }
        if (live.updatedAtMs() == null || row.updatedAtMs() >= live.updatedAtMs()) {
            return null;
        }
        List<String> differ = LeadFields.differing(LeadFields.set(row.body()), LeadFields.byField(live.fields()))
                .stream().map(LeadFields::columnName).toList();
        return "changed since the export (updated_at " + ExportTime.format(row.updatedAtMs()) + " in the file, "
                + ExportTime.format(live.updatedAtMs()) + " now); fields that differ: "
                + (differ.isEmpty() ? "none of those this row sets" : String.join(", ", differ))
                + ". Not sent; export again, or import with --overwrite-newer";
    }

    /** An {@link Outcome}, or the exception that must stop the step, or {@code null} when not sent (stopping). */
    private Object send(PendingRow row, AtomicBoolean stop) {
        if (stop.get()) {
            return null;
        }
        if (limiter != null) {
            RateLimiter.waitForPermission(limiter);
            if (stop.get()) {
                return null;
            }
        }
        try {
            api.updateLead(row.body());
            return new Outcome(row.rowNo(), ImportOutcome.UPDATED, 200, null);
        } catch (ApiRejectedException e) {
            String text = e.responseText().isBlank() ? e.getMessage() : e.responseText().strip();
            return new Outcome(row.rowNo(), ImportOutcome.REJECTED, e.status(), "API: " + text);
        } catch (ApiUnavailableException e) {
            return new Outcome(row.rowNo(), ImportOutcome.FAILED, e.status() == 0 ? null : e.status(),
                    "API unavailable: " + e.getMessage());
        } catch (RuntimeException e) {
            stop.set(true);
            return e;
        }
    }

    private void checkErrorRate() {
        if (sent >= ERROR_RATE_MIN_SAMPLE && bad > params.maxErrorRate() * sent) {
            String message = String.format(Locale.ROOT, "stopped sending: %d of the %d rows sent in this run were "
                    + "rejected or failed (%.1f%%), above the maximum error rate of %.1f%%. Rows sent so far are "
                    + "recorded; read their reasons, then fix the data and import the rest as a new run, or "
                    + "restart this execution once the API is healthy again", bad, sent, 100.0 * bad / sent,
                    100.0 * params.maxErrorRate());
            log.warn(message);
            throw new ImportStoppedException(message);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
