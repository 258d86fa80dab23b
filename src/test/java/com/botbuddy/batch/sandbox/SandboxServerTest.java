package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.databind.JsonNode;

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

    SandboxSettings settings() {
        return server.settings();
    }

    Map<String, String> params(String page, String type) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("botId", settings().botId());
        p.put("customerId", settings().customerId());
        p.put("page", page);
        p.put("type", type);
        return p;
    }

    LeadUpdate update(int index) {
        return new LeadUpdate(server.data().uuid(index), settings().botId(), settings().customerId(), null, null, null,
                null, null, null, null, null, null, null);
    }

    // ------------------------------------------------------------------------------------------ listing

    @Test
    void pagingCoversEveryChatExactlyOncePerTypeThenAnEmptyPage() {
        for (ChatType type : ChatType.values()) {
            Set<String> ids = new HashSet<>();
            int total = 0;
            long page = 1;
            while (true) {
                HttpResponse<byte[]> response = client.page(type, page);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
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
    void pageServesTheDataOracleChatsInTheReferenceShape() {
        HttpResponse<byte[]> response = client.page(ChatType.LEAD, 2);
        ChatListing listing = client.listingOf(response);
        assertThat(listing.chats()).isEqualTo(server.data().page(ChatType.LEAD, 2));
        assertThat(listing.chats().get(0)).isEqualTo(server.data().chat(server.data().leadIndices()[20]));
        String text = SandboxTestClient.text(response);
        assertThat(text).startsWith("{\"success\":true,\"message\":\"ok\",\"data\":[{").endsWith("],\"code\":200}");
        assertThat(text).contains("\"_id\":\"", "\"uuid\":\"", "\"profile\":{", "\"userDetails\":{");
    }

    @Test
    void samePageIsByteIdenticalAcrossTwoServersWithTheSameSeed() {
        try (SandboxServer other = SandboxServer.start(settings())) {
            SandboxTestClient otherClient = new SandboxTestClient(other);
            for (ChatType type : ChatType.values()) {
                for (long page = 1; page <= 3; page++) {
                    assertThat(otherClient.page(type, page).body()).isEqualTo(client.page(type, page).body());
                }
            }
        }
        try (SandboxServer otherSeed = SandboxServer.start(settings().withSeed(43))) {
            assertThat(new SandboxTestClient(otherSeed).page(ChatType.LEAD, 1).body())
                    .isNotEqualTo(client.page(ChatType.LEAD, 1).body());
        }
    }

    @Test
    void badListingParametersAnswer400WithAShortText() {
        List<Map<String, String>> bad = List.of(
                params("0", "lead"), params("-1", "lead"), params("abc", "lead"), params("1.5", "lead"),
                params("", "lead"), params("1", "leads"), params("1", "LEAD"), params("1", ""));
        for (Map<String, String> p : bad) {
            HttpResponse<byte[]> response = client.listing(p, settings().botToken());
            assertThat(response.statusCode()).as(p.toString()).isEqualTo(400);
            assertThat(SandboxTestClient.text(response)).isNotBlank().hasSizeLessThan(200);
        }
        Map<String, String> noPage = params("1", "lead");
        noPage.remove("page");
        Map<String, String> malformedBot = params("1", "lead");
        malformedBot.put("botId", "someone else");
        Map<String, String> noCustomer = params("1", "non-lead");
        noCustomer.remove("customerId");
        for (Map<String, String> p : List.of(noPage, malformedBot, noCustomer)) {
            assertThat(client.listing(p, settings().botToken()).statusCode()).as(p.toString()).isEqualTo(400);
        }
        assertThat(server.stats().count(SandboxStats.LISTING, 400)).isEqualTo(11);
        assertThat(server.stats().pagesRequested(ChatType.LEAD)).isEmpty();
    }

    @Test
    void listingWithAWrongOrMissingTokenAnswers401() {
        HttpResponse<byte[]> wrong = client.listing(params("1", "lead"), "nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(client.listing(params("1", "lead"), null).statusCode()).isEqualTo(401);
        assertThat(client.listing(params("1", "lead"), settings().bpToken()).statusCode()).isEqualTo(401);
        assertThat(client.listing(params("0", "bogus"), null).statusCode()).as("token is checked first").isEqualTo(401);
        assertThat(SandboxTestClient.text(wrong)).doesNotContain(settings().botToken(), "nope");
    }

    @Test
    void unknownPathsAndMethodsAreRefused() {
        assertThat(client.raw("GET", "/inbox/direct/other").statusCode()).isEqualTo(404);
        assertThat(client.raw("POST", SandboxServer.LISTING_PATH).statusCode()).isEqualTo(405);
        assertThat(client.raw("GET", SandboxServer.UPDATE_PATH).statusCode()).isEqualTo(405);
    }

    // ------------------------------------------------------------------------------------------ update

    @Test
    void updateIsAppliedAndVisibleInTheNextListing() {
        int index = server.data().leadIndices()[3];
        String before = server.data().chat(index).updatedAt();
        LeadUpdate change = new LeadUpdate(server.data().uuid(index), settings().botId(), settings().customerId(),
                "agent-42", "CLOSED", "https://example.com/me.png", "New Name", "new.name@example.com", "9876543210",
                "+91", List.of(new LeadUpdate.NoteInput("t", "d")), List.of("x", "y"),
                List.of(new Chat.Attribute("ID", "BP1")));
        HttpResponse<byte[]> response = client.put(change);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SandboxTestClient.text(response)).isEqualTo("{\"success\":true,\"message\":\"ok\",\"code\":200}");

        Chat seen = client.listingOf(client.page(ChatType.LEAD, 1)).chats().get(3);
        assertThat(seen.uuid()).isEqualTo(change.uuid());
        assertThat(seen.status()).isEqualTo("CLOSED");
        assertThat(seen.agentAssigned()).isEqualTo("agent-42");
        assertThat(seen.userDetails().name()).isEqualTo("New Name");
        assertThat(seen.userDetails().picture()).isEqualTo("https://example.com/me.png");
        assertThat(seen.contact().email()).isEqualTo("new.name@example.com");
        assertThat(seen.phone()).isEqualTo(new Chat.Phone("9876543210", "91"));
        assertThat(seen.notes()).hasSize(1).first().satisfies(n -> {
            assertThat(n.title()).isEqualTo("t");
            assertThat(n.description()).isEqualTo("d");
            assertThat(n.id()).matches("[0-9a-f]{24}");
        });
        assertThat(seen.userDetails().tags()).containsExactly("x", "y");
        assertThat(seen.userDetails().attributes()).containsExactly(new Chat.Attribute("ID", "BP1"));
        assertThat(seen.updatedAt()).isEqualTo("2026-03-01T00:00:00.000Z").isNotEqualTo(before);
        assertThat(seen).isEqualTo(server.data().chat(index));
        assertThat(server.data().updatedCount()).isEqualTo(1);
    }

    LeadUpdate rename(int index, String name) {
        return new LeadUpdate(server.data().uuid(index), settings().botId(), settings().customerId(), null, null, null,
                name, null, null, null, null, null, null);
    }

    @Test
    void editsInTheSameMillisecondGetDistinctIncreasingUpdatedAt() {
        int index = server.data().leadIndices()[5];
        List<Instant> seen = new java.util.ArrayList<>();
        for (int k = 0; k < 5; k++) {
            assertThat(client.put(rename(index, "Name " + k)).statusCode()).isEqualTo(200);
            seen.add(Instant.parse(server.data().chat(index).updatedAt()));
        }
        // five PUTs well within a second, all after the anchor: each edit is one logical millisecond after the last
        assertThat(seen).containsExactly(NOW, NOW.plusMillis(1), NOW.plusMillis(2), NOW.plusMillis(3),
                NOW.plusMillis(4));
        assertThat(client.put(rename(index, "Name 4")).statusCode()).isEqualTo(200);
        assertThat(server.data().chat(index).updatedAt()).as("no change, no new time").isEqualTo("2026-03-01T00:00:00.004Z");
    }

    @Test
    void chatUpdatedAfterTheAnchorAdvancesFromItsOwnTime() {
        assertThat(SandboxData.nextUpdatedAt(NOW.toEpochMilli(), "2026-03-01T00:00:05.250Z"))
                .isEqualTo(NOW.toEpochMilli() + 5_251);
        assertThat(SandboxData.nextUpdatedAt(NOW.toEpochMilli(), "2026-02-01T00:00:00.000Z")).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void sameEditsOnTwoServersGiveByteIdenticalPages() {
        try (SandboxServer other = SandboxServer.start(settings())) {
            SandboxTestClient otherClient = new SandboxTestClient(other);
            int[] leads = server.data().leadIndices();
            for (SandboxTestClient c : List.of(client, otherClient)) {
                for (int k = 0; k < 3; k++) {
                    assertThat(c.put(rename(leads[1], "Twice " + k)).statusCode()).isEqualTo(200);
                    assertThat(c.put(rename(leads[2], "Once " + k)).statusCode()).isEqualTo(200);
                }
            }
            assertThat(server.data().chat(leads[1]).updatedAt()).isEqualTo("2026-03-01T00:00:00.002Z");
            for (long page = 1; page <= 2; page++) {
                assertThat(otherClient.page(ChatType.LEAD, page).body()).isEqualTo(client.page(ChatType.LEAD, page).body());
            }
        }
    }

    @Test
    void sendingAChatsOwnValuesBackChangesNothingNotEvenUpdatedAt() {
        for (int index : server.data().leadIndices()) {
            Chat chat = server.data().chat(index);
            Chat.UserDetails d = chat.userDetails();
            LeadUpdate same = new LeadUpdate(chat.uuid(), settings().botId(), settings().customerId(),
                    chat.agentAssigned(), chat.status(), d.picture(), d.name(), chat.contact().email(),
                    chat.phone().number(), chat.phone().prefix() == null ? null : "+" + chat.phone().prefix(),
                    chat.notes().stream().map(n -> new LeadUpdate.NoteInput(n.title(), n.description())).toList(),
                    d.tags() == null ? List.of() : d.tags(), d.attributes() == null ? List.of() : d.attributes());
            assertThat(client.put(same).statusCode()).isEqualTo(200);
            assertThat(server.data().chat(index)).isEqualTo(chat);
        }
        assertThat(server.data().updatedCount()).isZero();
    }

    @Test
    void emptyValuesClearFields() {
        int index = ChatGenerator.LONG_NOTE_INDEX;
        LeadUpdate clear = new LeadUpdate(server.data().uuid(index), settings().botId(), settings().customerId(), "",
                null, "", "", "", "", null, List.of(), List.of(), List.of());
        assertThat(client.put(clear).statusCode()).isEqualTo(200);
        Chat chat = server.data().chat(index);
        assertThat(chat.agentAssigned()).isNull();
        assertThat(chat.userDetails().name()).isNull();
        assertThat(chat.userDetails().picture()).isNull();
        assertThat(chat.contact().email()).isNull();
        assertThat(chat.phone().number()).isNull();
        assertThat(chat.notes()).isEmpty();
        assertThat(chat.userDetails().tags()).isNullOrEmpty();
        assertThat(chat.userDetails().attributes()).isNullOrEmpty();
    }

    @Test
    void invalidUpdatesAnswer400AndChangeNothing() {
        String uuid = server.data().uuid(server.data().leadIndices()[0]);
        String ids = "\"botId\":\"" + settings().botId() + "\",\"customerId\":\"" + settings().customerId() + "\"";
        List<String> bad = List.of(
                "",
                "not json",
                "[1,2]",
                "{" + ids + "}",
                "{\"uuid\":\"" + uuid + "\",\"customerId\":\"" + settings().customerId() + "\"}",
                "{\"uuid\":\"" + uuid + "\",\"botId\":\"" + settings().botId() + "\"}",
                "{\"uuid\":\"" + uuid + "\",\"botId\":\"other\",\"customerId\":\"" + settings().customerId() + "\"}",
                "{\"uuid\":\"7e88d192-9b20-4035-9b68-d4ac3d58a34f\"," + ids + "}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"status\":\"Closed\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"status\":\"DEPENDENCY\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"picture\":\"my-picture\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"picture\":\"ftp://x.org/a.png\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"dialCode\":\"91\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"dialCode\":\"'+91\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"email\":\"not-an-email\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"phone\":\"call me\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"notes\":\"a note\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"notes\":[\"a note\"]}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"tags\":\"vip\"}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"tags\":[1]}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"attributes\":[{\"value\":\"x\"}]}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"attributes\":{\"key\":\"a\",\"value\":\"x\"}}",
                "{\"uuid\":\"" + uuid + "\"," + ids + ",\"name\":42}");
        for (String body : bad) {
            HttpResponse<byte[]> response = client.put(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(SandboxTestClient.text(response)).as(body).isNotBlank().hasSizeLessThan(200);
        }
        assertThat(SandboxTestClient.text(client.put("{\"uuid\":\"7e88d192-9b20-4035-9b68-d4ac3d58a34f\"," + ids + "}")))
                .isEqualTo("no chat with uuid 7e88d192-9b20-4035-9b68-d4ac3d58a34f");
        assertThat(server.data().updatedCount()).isZero();
        assertThat(server.stats().count(SandboxStats.UPDATE, 400)).isEqualTo(bad.size() + 1);
    }

    @Test
    void updateWithAWrongOrMissingTokenAnswers401() {
        assertThat(client.put(update(0), "nope").statusCode()).isEqualTo(401);
        assertThat(client.put(update(0), null).statusCode()).isEqualTo(401);
        assertThat(client.put(update(0), settings().botToken()).statusCode()).as("the read token cannot write")
                .isEqualTo(401);
        assertThat(client.put(update(0)).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------ stats, outage

    @Test
    void statsCountRequestsByEndpointStatusPageAndUuid() {
        client.page(ChatType.LEAD, 1);
        client.page(ChatType.LEAD, 2);
        client.page(ChatType.LEAD, 2);
        client.page(ChatType.NON_LEAD, 1);
        client.listing(params("1", "lead"), "nope");
        client.put(update(0));
        client.put(update(0));
        client.put(update(1));

        SandboxStats stats = server.stats();
        assertThat(stats.count(SandboxStats.LISTING, 200)).isEqualTo(4);
        assertThat(stats.count(SandboxStats.LISTING, 401)).isEqualTo(1);
        assertThat(stats.count(SandboxStats.UPDATE, 200)).isEqualTo(3);
        assertThat(stats.pagesRequested(ChatType.LEAD)).containsExactly(Map.entry(1L, 1L), Map.entry(2L, 2L));
        assertThat(stats.pageRequests(ChatType.NON_LEAD, 1)).isEqualTo(1);
        assertThat(stats.updateRequests(server.data().uuid(0))).isEqualTo(2);
        assertThat(stats.appliedUpdates(server.data().uuid(1))).isEqualTo(1);

        JsonNode json = SandboxTestClient.JSON.readTree(client.raw("GET", SandboxServer.STATS_PATH).body());
        assertThat(json.get("listing").get("200").asLong()).isEqualTo(4);
        assertThat(json.get("listing").get("401").asLong()).isEqualTo(1);
        assertThat(json.get("update").get("200").asLong()).isEqualTo(3);
        assertThat(json.get("listingPages").get("lead").get("2").asLong()).isEqualTo(2);
        assertThat(json.get("listingPages").get("non-lead").get("1").asLong()).isEqualTo(1);
        assertThat(json.get("updatesByUuid").get(server.data().uuid(0)).asLong()).isEqualTo(2);

        assertThat(client.raw("DELETE", SandboxServer.STATS_PATH).statusCode()).isEqualTo(200);
        assertThat(stats.requests(SandboxStats.LISTING)).isZero();
        JsonNode after = SandboxTestClient.JSON.readTree(client.raw("GET", SandboxServer.STATS_PATH).body());
        assertThat(after.get("listing").size()).isZero();
        assertThat(after.get("listingPages").get("lead").size()).isZero();
    }

    @Test
    void outageAnswers503UntilSwitchedOff() {
        server.setOutage(true);
        assertThat(client.page(ChatType.LEAD, 1).statusCode()).isEqualTo(503);
        assertThat(client.put(update(0)).statusCode()).isEqualTo(503);
        assertThat(client.raw("GET", SandboxServer.STATS_PATH).statusCode()).isEqualTo(200);
        server.setOutage(false);
        assertThat(client.page(ChatType.LEAD, 1).statusCode()).isEqualTo(200);
        assertThat(server.stats().count(SandboxStats.LISTING, 503)).isEqualTo(1);
        assertThat(server.stats().count(SandboxStats.UPDATE, 503)).isEqualTo(1);
    }

    @Test
    void stoppedServerRefusesConnections() {
        String base = server.baseUrl();
        server.stop();
        server.stop();
        assertThat(base).startsWith("http://127.0.0.1:");
        assertThatThrownBy(() -> client.page(ChatType.LEAD, 1)).isInstanceOf(UncheckedIOException.class);
    }
}
