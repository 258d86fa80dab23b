package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.botbuddy.batch.client.ApiResponse;
import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.importer.LiveSnapshotReader.LivePage;

/** The live read's paging: every page once in order, its position kept for a restart, a looping listing refused. */
class LiveSnapshotReaderTest {

    /** A listing of {@code leads} and {@code nonLeads} pages of two chats each; records every request. */
    static final class PagedApi implements InboxApi {
        final int leads;
        final int nonLeads;
        final boolean repeatPageTwo;
        final List<String> requests = new ArrayList<>();

        PagedApi(int leads, int nonLeads, boolean repeatPageTwo) {
            this.leads = leads;
            this.nonLeads = nonLeads;
            this.repeatPageTwo = repeatPageTwo;
        }

        @Override
        public synchronized ChatListing listChats(String botId, String customerId, ChatType type, int page) {
            requests.add(botId + "/" + customerId + " " + type.apiValue() + " " + page);
            int pages = type == ChatType.LEAD ? leads : nonLeads;
            if (page > pages) {
                return new ChatListing(true, "ok", List.of(), 200);
            }
            int served = repeatPageTwo && page > 2 ? 2 : page;
            List<Chat> chats = List.of(chat(type, served, 1), chat(type, served, 2));
            return new ChatListing(true, "ok", chats, 200);
        }

        static Chat chat(ChatType type, int page, int k) {
            return new Chat(type.apiValue() + "-" + page + "-" + k, null, null, null, null, null, null, null, null,
                    null, null);
        }

        @Override
        public ApiResponse updateLead(LeadUpdate update) {
            throw new UnsupportedOperationException();
        }
    }

    static LiveReadPlan plan(List<ChatType> types) {
        return new LiveReadPlan(null, 1, null, true, new ExecutionContext()) {
            @Override
            public List<ChatType> decide() {
                return types;
            }
        };
    }

    static List<String> readAll(LiveSnapshotReader reader, int max) throws Exception {
        List<String> pages = new ArrayList<>();
        for (LivePage page = reader.read(); page != null; page = reader.read()) {
            pages.add(page.type().apiValue() + " " + page.page());
            assertThat(pages).as("the reader stops").hasSizeLessThanOrEqualTo(max);
        }
        return pages;
    }

    @Test
    void everyPageOfEachListingIsHandedOutOnceInOrderUntilTheFirstEmptyPage() throws Exception {
        PagedApi api = new PagedApi(5, 2, false);
        LiveSnapshotReader reader = new LiveSnapshotReader(api, "bot", "cust", plan(List.of(ChatType.LEAD,
                ChatType.NON_LEAD)), 4);
        reader.open(new ExecutionContext());

        List<String> pages = readAll(reader, 100);
        reader.close();

        assertThat(pages).containsExactly("lead 1", "lead 2", "lead 3", "lead 4", "lead 5", "non-lead 1", "non-lead 2");
        // windows of 4: lead 1-4, lead 5-8 (6 is the first empty one), non-lead 1-4
        assertThat(api.requests).hasSize(12).contains("bot/cust lead 8", "bot/cust non-lead 4")
                .doesNotContain("bot/cust lead 9");
    }

    @Test
    void aRestartGoesOnAfterTheLastCommittedPage() throws Exception {
        PagedApi api = new PagedApi(6, 0, false);
        ExecutionContext saved = new ExecutionContext();
        LiveSnapshotReader first = new LiveSnapshotReader(api, "bot", "cust", plan(List.of(ChatType.LEAD)), 2);
        first.open(saved);
        assertThat(first.read().page()).isEqualTo(1);
        assertThat(first.read().page()).isEqualTo(2);
        assertThat(first.read().page()).isEqualTo(3);
        first.update(saved); // the chunk holding pages 1-3 commits; then the process dies
        first.read();
        first.close();

        PagedApi again = new PagedApi(6, 0, false);
        LiveSnapshotReader second = new LiveSnapshotReader(again, "bot", "cust",
                plan(List.of(ChatType.NON_LEAD)) /* not asked again: the first decision is kept */, 2);
        second.open(saved);
        List<String> pages = readAll(second, 100);
        second.close();

        assertThat(pages).containsExactly("lead 4", "lead 5", "lead 6");
        assertThat(again.requests).first().isEqualTo("bot/cust lead 4");
    }

    @Test
    void aListingThatServesThePreviousPageAgainFailsRatherThanPageForever() throws Exception {
        LiveSnapshotReader reader = new LiveSnapshotReader(new PagedApi(1_000_000, 0, true), "bot", "cust",
                plan(List.of(ChatType.LEAD)), 4);
        reader.open(new ExecutionContext());

        assertThat(reader.read().page()).isEqualTo(1);
        assertThat(reader.read().page()).isEqualTo(2);
        assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("served page 3 the same as page 2");
        reader.close();
    }
}
