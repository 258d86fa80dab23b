package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;

class SandboxServerTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    SandboxServer server;
    SandboxTestClient client;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SandboxSettings.forTests().withNow(NOW).withChats(500).withPageSize(20));
        client = new SandboxTestClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pagingCoversEveryChatExactlyOncePerTypeThenAnEmptyPage() {
        for (ChatType type : ChatType.values()) {
            Set<String> ids = new HashSet<>();
            int total = 0;
            long page = 1;
            while (true) {
                HttpResponse<byte[]> response = client.page(type, page);
                assertThat(response.statusCode()).isEqualTo(200);
                ChatListing listing = client.listingOf(response);
                assertThat(listing.success()).isTrue();
                assertThat(listing.code()).isEqualTo(200);
                if (listing.chats().isEmpty()) {
                    break;
                }
                assertThat(listing.chats()).hasSizeLessThanOrEqualTo(20);
                for (Chat chat : listing.chats()) {
                    assertThat(ids.add(chat.id())).isTrue();
                }
                total += listing.chats().size();
                page++;
            }
            int expected = type == ChatType.LEAD ? server.data().leadCount() : server.data().nonLeadCount();
            assertThat(total).isEqualTo(expected);
            assertThat(page - 1).isEqualTo(server.data().pageCount(type));
        }
        assertThat(server.data().leadCount() + server.data().nonLeadCount()).isEqualTo(500);
    }

    @Test
    void pagesPastTheEndAreEmpty() {
        ChatListing listing = client.listingOf(client.page(ChatType.LEAD, 1_000_000_000_000L));
        assertThat(listing.chats()).isEmpty();
        assertThat(SandboxTestClient.text(client.page(ChatType.NON_LEAD, 999)))
                .isEqualTo("{\"success\":true,\"message\":\"ok\",\"data\":[],\"code\":200}");
    }

    @Test
    void pageServesTheDataOracleChats() {
        ChatListing listing = client.listingOf(client.page(ChatType.LEAD, 2));
        assertThat(listing.chats()).isEqualTo(server.data().page(ChatType.LEAD, 2));
        int[] leads = server.data().leadIndices();
        assertThat(listing.chats().get(0)).isEqualTo(server.data().chat(leads[20]));
    }
}
