package com.botbuddy.batch.importer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;

/**
 * Reads the live listing for the snapshot, one page per item: each listing the plan names ({@link LiveReadPlan}),
 * from page 1 until the first empty page, {@code window} pages requested at a time (in parallel, handed out in
 * page order). Its position (listing, next page) is saved with every chunk, so a restart goes on after the last
 * committed page. A listing that serves the same page again (same first chat as the page before) fails the step
 * rather than page forever.
 */
public class LiveSnapshotReader implements ItemStreamReader<LiveSnapshotReader.LivePage> {
    static final String TYPES = "live.types";
    static final String TYPE_INDEX = "live.typeIndex";
    static final String NEXT_PAGE = "live.nextPage";

    /** One page of a listing. */
    public record LivePage(ChatType type, int page, List<Chat> chats) {
    }

    private final InboxApi api;
    private final String botId;
    private final String customerId;
    private final LiveReadPlan plan;
    private final int window;
    private final Deque<LivePage> fetched = new ArrayDeque<>();
    private List<ChatType> types = List.of();
    private int typeIndex;
    private int nextPage = 1;
    private boolean typeEnds;
    private String previousFirst;
    private ExecutorService pool;

    public LiveSnapshotReader(InboxApi api, String botId, String customerId, LiveReadPlan plan, int window) {
        this.api = api;
        this.botId = botId;
        this.customerId = customerId;
        this.plan = plan;
        this.window = Math.max(1, window);
    }

    @Override
    public void open(ExecutionContext context) {
        if (context.containsKey(TYPES)) {
            String saved = context.getString(TYPES);
            types = saved.isEmpty() ? List.of()
                    : Arrays.stream(saved.split(",")).map(ChatType::fromApiValue).toList();
            typeIndex = context.getInt(TYPE_INDEX, 0);
            nextPage = context.getInt(NEXT_PAGE, 1);
        } else {
            types = plan.decide();
            context.putString(TYPES, String.join(",", types.stream().map(ChatType::apiValue).toList()));
        }
        if (!types.isEmpty() && typeIndex < types.size()) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(window, r -> {
                Thread t = new Thread(r, "import-live-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public LivePage read() throws Exception {
        while (true) {
            LivePage page = fetched.poll();
            if (page != null) {
                String first = page.chats().get(0).key();
                if (page.page() > 1 && first != null && first.equals(previousFirst)) {
                    throw new IllegalStateException("the " + page.type().apiValue() + " listing served page "
                            + page.page() + " the same as page " + (page.page() - 1) + " (first chat " + first
                            + "): stopping the live read rather than page forever");
                }
                previousFirst = first;
                nextPage = page.page() + 1;
                return page;
            }
            if (typeIndex >= types.size()) {
                return null;
            }
            if (typeEnds) {
                typeIndex++;
                nextPage = 1;
                typeEnds = false;
                previousFirst = null;
                continue;
            }
            fetchWindow(types.get(typeIndex));
        }
    }

    /** Requests pages nextPage .. nextPage + window - 1 at once; keeps those before the first empty one. */
    private void fetchWindow(ChatType type) throws Exception {
        List<Future<List<Chat>>> pages = new ArrayList<>(window);
        for (int k = 0; k < window; k++) {
            int page = nextPage + k;
            pages.add(pool.submit(() -> api.listChats(botId, customerId, type, page).chats()));
        }
        boolean empty = false;
        for (int k = 0; k < window; k++) {
            List<Chat> chats;
            try {
                chats = pages.get(k).get();
            } catch (ExecutionException e) {
                pages.forEach(f -> f.cancel(true));
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            if (empty) {
                continue;
            }
            if (chats.isEmpty()) {
                empty = true;
            } else {
                fetched.add(new LivePage(type, nextPage + k, chats));
            }
        }
        typeEnds = empty;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(TYPE_INDEX, typeIndex);
        context.putInt(NEXT_PAGE, nextPage);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
