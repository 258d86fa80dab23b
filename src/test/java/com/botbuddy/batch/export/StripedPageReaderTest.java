package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.ApiResponse;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpInboxClient;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

/** A listing read in stripes (scale-out): together the stripes read every page once, each to its first empty page. */
class StripedPageReaderTest {
    /** 360 leads in pages of 20: pages 1 to 18, page 19 empty. */
    static final SandboxServer API = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(600)
            .withPageSize(20));

    @AfterAll
    static void stop() {
        API.close();
    }

    private final HttpInboxClient client = new HttpInboxClient(ClientSettings.defaults(API.baseUrl()),
            ApiCredentials.of(API.settings().botToken(), null));

    private ExportParameters params(int concurrency, int maxPages) {
        return new ExportParameters(API.settings().botId(), API.settings().customerId(), "all", LocalDate.of(2031, 1, 3),
                Path.of("out"), "csv", ZoneId.of("UTC"), concurrency, 1, maxPages, "");
    }

    private static List<Integer> pagesRead(ChatPageReader reader, ExecutionContext context) throws Exception {
        List<Integer> pages = new ArrayList<>();
        reader.open(context);
        try {
            for (ChatPage page = reader.read(); page != null; page = reader.read()) {
                pages.add(page.number());
            }
            reader.update(context);
        } finally {
            reader.close();
        }
        return pages;
    }

    @Test
    void threeStripesReadEveryPageOnceEachStoppingAtItsOwnFirstEmptyPage() throws Exception {
        List<Integer> whole = pagesRead(new ChatPageReader(client, params(1, 1000), ChatType.LEAD), new ExecutionContext());
        assertThat(whole).hasSizeGreaterThan(12);
        List<Integer> all = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int stripe = s;
            List<Integer> read = pagesRead(ChatPageReader.stripe(client, params(2, 1000), ChatType.LEAD, null, s, 3,
                    new PagesInFlight()),
                    new ExecutionContext());
            assertThat(read).as("stripe %d", s).isEqualTo(whole.stream().filter(p -> (p - 1) % 3 == stripe).toList());
            all.addAll(read);
        }
        assertThat(all).hasSameSizeAs(whole).containsExactlyInAnyOrderElementsOf(whole);
    }

    @Test
    void aStripeResumesAfterItsLastStagedPageNotAfterTheNextPageOfTheListing() throws Exception {
        ChatPageReader reader = ChatPageReader.stripe(client, params(1, 1000), ChatType.LEAD, type -> 8, 1, 3,
                new PagesInFlight());
        assertThat(pagesRead(reader, new ExecutionContext())).containsExactly(11, 14, 17);
    }

    @Test
    void aStripeThatWouldPassMaxPagesFailsNamingTheOption() throws Exception {
        int pages = pagesRead(new ChatPageReader(client, params(1, 1000), ChatType.LEAD), new ExecutionContext()).size();
        ChatPageReader tooFew = ChatPageReader.stripe(client, params(2, pages - 2), ChatType.LEAD, null, 2, 4,
                new PagesInFlight());
        assertThatThrownBy(() -> pagesRead(tooFew, new ExecutionContext()))
                .isInstanceOf(ListingLoopException.class).hasMessageContaining("--max-pages " + (pages - 2));
        // every page within the limit: the stripe reads to its own empty page
        assertThat(catchPages(ChatPageReader.stripe(client, params(2, pages), ChatType.LEAD, null, 2, 4,
                new PagesInFlight())))
                .allMatch(p -> (p - 3) % 4 == 0).hasSize((pages - 3) / 4 + 1);
    }

    @Test
    void partitionsRunAtOnceOnOneWorkerShareItsConcurrencyAndStillReadEveryPage() throws Exception {
        List<Integer> whole = pagesRead(new ChatPageReader(client, params(1, 1000), ChatType.LEAD), new ExecutionContext());
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        InboxApi slow = new InboxApi() {
            @Override
            public ChatListing listChats(String botId, String customerId, ChatType type, int page) {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20); // long enough for the stripes' requests to meet
                    return client.listChats(botId, customerId, type, page);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    now.decrementAndGet();
                }
            }

            @Override
            public ApiResponse updateLead(LeadUpdate update) {
                throw new UnsupportedOperationException();
            }
        };
        PagesInFlight worker = new PagesInFlight();
        ExecutorService partitions = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Integer>>> stripes = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                ChatPageReader reader = ChatPageReader.stripe(slow, params(3, 1000), ChatType.LEAD, null, s, 2, worker);
                stripes.add(partitions.submit(() -> pagesRead(reader, new ExecutionContext())));
            }
            List<Integer> all = new ArrayList<>(stripes.get(0).get(30, TimeUnit.SECONDS));
            all.addAll(stripes.get(1).get(30, TimeUnit.SECONDS));
            assertThat(all).containsExactlyInAnyOrderElementsOf(whole);
        } finally {
            partitions.shutdownNow();
        }
        assertThat(most.get()).as("requests in flight at most, two partitions of --concurrency 3").isEqualTo(3);
        for (int i = 0; i < 200 && worker.inFlight() > 0; i++) {
            Thread.sleep(10); // a request cancelled at the empty page gives its place back as its thread ends
        }
        assertThat(worker.inFlight()).as("every request given back, the cancelled ones too").isZero();
    }

    private static List<Integer> catchPages(ChatPageReader reader) throws Exception {
        return pagesRead(reader, new ExecutionContext());
    }
}
