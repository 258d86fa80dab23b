package com.botbuddy.batch.export;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import com.botbuddy.batch.client.ApiRejectedException;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.client.ListedKeys;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * Reads the listing of one chat type page by page until the first empty page. Pages have no total, so
 * pages are requested ahead, at most {@code concurrency} at a time, and handed out in order; whatever was requested
 * past the empty page is dropped. The next page to read lives in the step's execution context, so a
 * restart resumes after the last committed page. Two guards stop a listing that never ends: the same
 * ids twice in a row, in any order (an API ignoring {@code page}), and more than {@code maxPages} pages.
 * <p>
 * A stripe (scale-out) reads every {@code stripes}-th page from {@code firstPage + stripe} on, until its first
 * empty page: the stripes of a listing together read it all without knowing its length.
 * <p>
 * Of each page it takes only the chats' keys and the body as sent ({@link InboxApi#listChatKeys}): the chats
 * themselves are parsed once, by the report, from the staged body.
 */
public class ChatPageReader implements ItemStreamReader<ChatPage> {
    static final String NEXT_PAGE = "page.next";
    static final String PAGES_READ = "pages.read";
    static final String CHATS_READ = "chats.read";
    /** The previous page's ids as a set ({@link #idsHash}). */
    static final String LAST_IDS = "page.lastIdSet";
    static final String DONE = "done";

    private final InboxApi api;
    private final String botId;
    private final String customerId;
    private final ChatType type;
    private final boolean selected;
    private final int concurrency;
    private final int firstPage;
    private final int maxPages;
    private final int stripe;
    private final int stripes;

    private final Deque<CompletableFuture<ChatPage>> window = new ArrayDeque<>();
    private ExecutorService pool;
    private int nextToHandOut;
    private int nextToRequest;
    private long pagesRead;
    private long chatsRead;
    private long lastIdsHash;
    private boolean done;

    /** Where pages already staged tell the cursor (null for a reader that stages nothing). */
    public interface StagedPages {
        /** The highest page of {@code type} already staged for this run, or {@code null} when none is. */
        Integer lastStagedPage(ChatType type);
    }

    private final StagedPages staged;
    private final boolean parseChats;
    /** Shared with the other partitions a worker runs at once; a local reader's is its own. */
    private final PagesInFlight inFlight;

    public ChatPageReader(InboxApi api, ExportParameters params, ChatType type) {
        this(api, params, type, null);
    }

    public ChatPageReader(InboxApi api, ExportParameters params, ChatType type, StagedPages staged) {
        this(api, params, type, staged, false, 0, 1, new PagesInFlight());
    }

    /**
     * A reader of one stripe of the listing: pages {@code firstPage + stripe + i * stripes}, its requests counted
     * against the worker's {@code inFlight} with the others it runs at once.
     */
    public static ChatPageReader stripe(InboxApi api, ExportParameters params, ChatType type, StagedPages staged,
            int stripe, int stripes, PagesInFlight inFlight) {
        return new ChatPageReader(api, params, type, staged, false, stripe, stripes, inFlight);
    }

    /**
     * A reader that parses every chat of every page as it fetches it, as the export's own reader does not (it
     * takes only the keys and leaves the chats to the report): what the raw fetch of the benchmark measures.
     */
    public static ChatPageReader parsingEveryChat(InboxApi api, ExportParameters params, ChatType type) {
        return new ChatPageReader(api, params, type, null, true, 0, 1, new PagesInFlight());
    }

    private ChatPageReader(InboxApi api, ExportParameters params, ChatType type, StagedPages staged,
            boolean parseChats, int stripe, int stripes, PagesInFlight inFlight) {
        if (stripes < 1 || stripe < 0 || stripe >= stripes) {
            throw new IllegalArgumentException("no stripe " + stripe + " of " + stripes);
        }
        this.stripe = stripe;
        this.stripes = stripes;
        this.inFlight = inFlight;
        this.parseChats = parseChats;
        this.staged = staged;
        this.api = api;
        this.botId = params.botId();
        this.customerId = params.customerId();
        this.type = type;
        this.selected = params.types().contains(type);
        this.concurrency = params.concurrency();
        this.firstPage = params.firstPage();
        this.maxPages = params.maxPages();
    }

    @Override
    public void open(ExecutionContext ec) {
        nextToHandOut = ec.getInt(NEXT_PAGE, firstPage + stripe);
        pagesRead = ec.getLong(PAGES_READ, 0L);
        chatsRead = ec.getLong(CHATS_READ, 0L);
        lastIdsHash = ec.getLong(LAST_IDS, 0L);
        done = !selected || ec.getString(DONE, "false").equals("true");
        if (staged != null && selected) {
            // the staged pages commit in the same transaction as this cursor, so they should agree; should they
            // not (a commit half lost in a crash, or staging cleared for a fresh read), the staged pages win:
            // nothing is skipped, nothing staged twice
            Integer last = staged.lastStagedPage(type);
            if (last == null) {
                nextToHandOut = firstPage + stripe;
                pagesRead = 0;
                chatsRead = 0;
                lastIdsHash = 0;
                done = false;
            } else {
                nextToHandOut = last + stripes;
            }
        }
        nextToRequest = nextToHandOut;
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "fetch-" + type.apiValue() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ChatPage read() throws Exception {
        if (done) {
            return null;
        }
        fillWindow();
        ChatPage page = await(window.removeFirst());
        nextToHandOut = page.number() + stripes;
        if (page.size() == 0) {
            done = true;
            cancelWindow();
            return null;
        }
        long idsHash = idsHash(page.keys());
        if (idsHash == lastIdsHash && pagesRead > 0) {
            throw new ListingLoopException("the API returned the same " + page.size() + " chats for "
                    + type.apiValue() + " page " + page.number() + " as for page " + (page.number() - stripes)
                    + ": it seems to ignore the 'page' parameter; stopping rather than reading forever");
        }
        lastIdsHash = idsHash;
        pagesRead++;
        chatsRead += page.size();
        return page;
    }

    private void fillWindow() {
        // the stripe's first page past the limit, to see whether it is empty
        int lastAllowed = firstPage + maxPages + Math.floorMod(stripe - maxPages, stripes);
        while (window.size() < depth() && nextToRequest <= lastAllowed) {
            int pageNumber = nextToRequest;
            nextToRequest += stripes;
            window.addLast(CompletableFuture.supplyAsync(() -> fetch(pageNumber), pool));
        }
        if (window.isEmpty()) {
            throw new ListingLoopException("more than " + maxPages + " pages of " + type.apiValue()
                    + " chats (--max-pages " + maxPages + "): stopping rather than paging forever; raise --max-pages"
                    + " if this bot really has that many");
        }
    }

    /**
     * Pages requested ahead. The pool runs {@code concurrency} requests at a time; with more than one, as many
     * again wait queued, so the pool stays busy while the step thread stages a chunk. Queued requests are
     * cancelled at the empty page; at most {@code concurrency} requests can already be on their way.
     */
    private int depth() {
        return concurrency == 1 ? 1 : 2 * concurrency;
    }

    private ChatPage fetch(int pageNumber) {
        ListedKeys listed;
        try {
            inFlight.acquire(concurrency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("page request cancelled");
        }
        try {
            listed = parseChats ? ListedKeys.of(api.listChatsWithBody(botId, customerId, type, pageNumber))
                    : api.listChatKeys(botId, customerId, type, pageNumber);
        } catch (ApiRejectedException e) {
            throw e.status() == 400 ? badRequest(e) : e;
        } finally {
            inFlight.release();
        }
        if (pageNumber >= firstPage + maxPages && !listed.keys().isEmpty()) {
            throw new ListingLoopException("more than " + maxPages + " pages of " + type.apiValue()
                    + " chats (--max-pages " + maxPages + "): stopping rather than paging forever; raise"
                    + " --max-pages if this bot really has that many");
        }
        return new ChatPage(type, pageNumber, listed.keys(), listed.body());
    }

    /**
     * A 400 to the listing says the request itself is wrong (an unknown bot or customer id): as a token the API
     * refuses, a restart cannot help, so it is the operator's input (exit 2), with the API's words.
     */
    private static InvalidInputException badRequest(ApiRejectedException e) {
        return new InvalidInputException("the API rejected the listing request (400): " + e.reason()
                + " — check --bot-id and --customer-id", e);
    }

    private static ChatPage await(CompletableFuture<ChatPage> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        } catch (CancellationException e) {
            throw new ItemStreamException("page request cancelled", e);
        }
    }

    /**
     * The page's ids as a set, whatever their order (an API ignoring {@code page} may shuffle the same chats):
     * the sum of a 64-bit hash of each, and their count.
     */
    static long idsHash(List<String> keys) {
        long h = keys.size() * 0x9E3779B97F4A7C15L;
        for (String key : keys) {
            h += key == null ? 0x632BE59BD9B4E019L : KeyHash.of(key);
        }
        return h == 0 ? 1 : h;
    }

    private void cancelWindow() {
        for (CompletableFuture<ChatPage> f : window) {
            f.cancel(true);
        }
        window.clear();
    }

    @Override
    public void update(ExecutionContext ec) {
        ec.putInt(NEXT_PAGE, nextToHandOut);
        ec.putLong(PAGES_READ, pagesRead);
        ec.putLong(CHATS_READ, chatsRead);
        ec.putLong(LAST_IDS, lastIdsHash);
        ec.putString(DONE, Boolean.toString(done));
        if (staged != null) {
            ec.putInt(StagingLayoutCheck.KEY, StagingLayoutCheck.LAYOUT); // of the staging this cursor is in
        }
    }

    @Override
    public void close() {
        cancelWindow();
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
