package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.databind.JsonNode;

/** The sandbox serves any well-formed (bot, customer) pair, each with chats of its own. */
class SandboxPairsTest {
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final SandboxSettings SETTINGS = SandboxSettings.forTests().withNow(NOW).withChats(300).withPageSize(25);
    static final SandboxPair ACME = new SandboxPair("acme-bot", "acme-co");

    SandboxServer server;
    SandboxTestClient client;

    @BeforeEach
    void start() {
        server = SandboxServer.start(SETTINGS);
        client = new SandboxTestClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Map<String, String> params(String botId, String customerId, ChatType type, long page) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("botId", botId);
        p.put("customerId", customerId);
        p.put("page", Long.toString(page));
        p.put("type", type.apiValue());
        return p;
    }

    static HttpResponse<byte[]> page(SandboxTestClient client, SandboxPair pair, ChatType type, long page) {
        return client.listing(params(pair.botId(), pair.customerId(), type, page), SETTINGS.botToken());
    }

    static Set<String> uuids(SandboxData data) {
        return data.chats().map(Chat::uuid).collect(Collectors.toSet());
    }

    @Test
    void twoPairsGetDifferentChatsAndOnePairTheSameBytesFromASecondServerWithTheSameSeed() {
        try (SandboxServer second = SandboxServer.start(SETTINGS)) {
            SandboxTestClient secondClient = new SandboxTestClient(second);
            for (ChatType type : ChatType.values()) {
                for (long p = 1; p <= server.data(ACME).pageCount(type) + 1; p++) {
                    HttpResponse<byte[]> acme = page(client, ACME, type, p);
                    assertThat(acme.statusCode()).isEqualTo(200);
                    assertThat(page(secondClient, ACME, type, p).body()).as(type + " page " + p)
                            .isEqualTo(acme.body());
                    assertThat(client.listingOf(acme).chats()).isEqualTo(server.data(ACME).page(type, p));
                    if (p == 1) {
                        assertThat(acme.body()).isNotEqualTo(page(client, SandboxPair.DEFAULT, type, p).body());
                    }
                }
            }
        }
        SandboxData acme = server.data(ACME);
        SandboxData demo = server.data();
        assertThat(acme.size()).isEqualTo(demo.size()).isEqualTo(300);
        assertThat(uuids(acme)).doesNotContainAnyElementsOf(uuids(demo));
        assertThat(acme.chats().map(Chat::id).toList()).doesNotContainAnyElementsOf(demo.chats().map(Chat::id).toList());
        assertThat(uuids(server.data("acme-bot", "other-co"))).as("the customer id counts too")
                .doesNotContainAnyElementsOf(uuids(acme));
    }

    @Test
    void everyPairStillCoversEveryLeadStatusAndTheLongNote() {
        SandboxData acme = server.data(ACME);
        assertThat(acme.chats(ChatType.LEAD).map(Chat::status).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("OPEN", "INPROGRESS", "REVIEW", "ONHOLD", "DEPENDANCY", "CLOSED");
        assertThat(acme.isLead(ChatGenerator.LONG_NOTE_INDEX)).isTrue();
    }

    @Test
    void theDefaultPairIsServedTheSeedsOwnChatsWhateverIdsTheServerWasStartedWith() {
        ChatGenerator seedAlone = new ChatGenerator(SETTINGS.seed(), SETTINGS.leadShare(), NOW);
        SandboxData demo = server.data(SandboxPair.DEFAULT);
        int[] leads = demo.leadIndices();
        for (int rank = 0; rank < 10; rank++) {
            assertThat(demo.chat(leads[rank])).isEqualTo(seedAlone.generate(leads[rank], true, rank));
        }
        try (SandboxServer acmeFirst = SandboxServer.start(SETTINGS.withIds(ACME.botId(), ACME.customerId()))) {
            SandboxTestClient acmeClient = new SandboxTestClient(acmeFirst);
            assertThat(acmeFirst.data().pair()).isEqualTo(ACME);
            for (ChatType type : ChatType.values()) {
                assertThat(page(acmeClient, SandboxPair.DEFAULT, type, 2).body())
                        .isEqualTo(page(client, SandboxPair.DEFAULT, type, 2).body());
                assertThat(page(acmeClient, ACME, type, 2).body()).isEqualTo(page(client, ACME, type, 2).body());
            }
        }
        assertThat(new SandboxData(SETTINGS.withIds("acme-bot", "acme-co")).chats().toList())
                .as("a test's own oracle for a pair").isEqualTo(server.data(ACME).chats().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = { "a b", "a/b", "a?b", "bot,customer", ".", "..", "bôt", "tab\tbot", "" })
    void malformedIdsAnswer400LikeMissingOnesAndReachNoPair(String id) {
        HttpResponse<byte[]> badBot = client.listing(params(id, "acme-co", ChatType.LEAD, 1), SETTINGS.botToken());
        HttpResponse<byte[]> badCustomer = client.listing(params("acme-bot", id, ChatType.LEAD, 1), SETTINGS.botToken());
        assertThat(badBot.statusCode()).isEqualTo(400);
        assertThat(badCustomer.statusCode()).isEqualTo(400);
        String expected = id.isEmpty() ? "is required" : "is malformed";
        assertThat(SandboxTestClient.text(badBot)).startsWith("botId ").contains(expected);
        assertThat(SandboxTestClient.text(badCustomer)).startsWith("customerId ").contains(expected);

        String uuid = new SandboxData(SETTINGS.withIds(ACME.botId(), ACME.customerId())).uuid(0);
        HttpResponse<byte[]> put = client.put("{\"uuid\":\"" + uuid + "\",\"botId\":\"" + id.replace("\t", "\\t")
                + "\",\"customerId\":\"acme-co\",\"status\":\"CLOSED\"}");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(server.stats().listingRequestsByPair()).isEmpty();
        assertThat(server.otherPairsHeld()).isZero();
        assertThat(server.data(ACME).updatedCount()).isZero();
    }

    @Test
    void idsUpToTheLimitAreServedAndLongerOnesRefusedNamingTheLimit() {
        String longest = "b".repeat(SandboxPair.MAX_ID_LENGTH);
        assertThat(client.listing(params(longest, "c", ChatType.LEAD, 1), SETTINGS.botToken()).statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> tooLong = client.listing(params(longest + "b", "c", ChatType.LEAD, 1), SETTINGS.botToken());
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(SandboxTestClient.text(tooLong)).isEqualTo("botId is longer than 200 characters");
        assertThat(client.listing(params("63d9ffa77a8d152facbe2f2f", "A_b.c~1", ChatType.NON_LEAD, 1),
                SETTINGS.botToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void anUpdateChangesItsOwnPairsChatOnlyAndAnotherPairsUuidIsUnknown() {
        SandboxData acme = server.data(ACME);
        int index = acme.leadIndices()[10];
        String uuid = acme.uuid(index);
        String newStatus = "CLOSED".equals(acme.chat(index).status()) ? "OPEN" : "CLOSED";
        LeadUpdate change = new LeadUpdate(uuid, ACME.botId(), ACME.customerId(), null, newStatus, null, null, null,
                null, null, null, null, null);
        assertThat(client.put(change).statusCode()).isEqualTo(200);

        Chat served = client.listingOf(page(client, ACME, ChatType.LEAD, 1)).chats().stream()
                .filter(c -> c.uuid().equals(uuid)).findFirst().orElseThrow();
        assertThat(served.status()).isEqualTo(newStatus);
        assertThat(server.data().updatedCount()).isZero();
        assertThat(server.data().chat(index)).isEqualTo(server.data().generated(index));

        LeadUpdate elsewhere = new LeadUpdate(uuid, SandboxPair.DEFAULT.botId(), SandboxPair.DEFAULT.customerId(), null,
                newStatus, null, null, null, null, null, null, null, null);
        HttpResponse<byte[]> refused = client.put(elsewhere);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(SandboxTestClient.text(refused)).isEqualTo("no chat with uuid " + uuid);
    }

    @Test
    void updatesOutliveThePairsDataBeingDroppedAndBuiltAgain() {
        SandboxData.Updates store = new SandboxData.Updates();
        SandboxSettings acmeSettings = SETTINGS.withIds(ACME.botId(), ACME.customerId());
        SandboxData first = new SandboxData(acmeSettings, store);
        int index = first.leadIndices()[3];
        first.apply(new LeadUpdate(first.uuid(index), ACME.botId(), ACME.customerId(), null, null, null, "Renamed Lead",
                null, null, null, null, null, null));

        SandboxData rebuilt = new SandboxData(acmeSettings, store);
        assertThat(rebuilt.chat(index).userDetails().name()).isEqualTo("Renamed Lead");
        assertThat(rebuilt.updatedCount()).isEqualTo(1);
        assertThat(new SandboxData(acmeSettings).chat(index)).as("another store knows nothing of it")
                .isEqualTo(first.generated(index));

        LeadUpdate viaServer = new LeadUpdate(server.data(ACME).uuid(index), ACME.botId(), ACME.customerId(), null,
                null, null, "Renamed Lead", null, null, null, null, null, null);
        assertThat(client.put(viaServer).statusCode()).isEqualTo(200);
        SandboxData held = server.data(ACME);
        server.dropOtherPairs();
        assertThat(server.data(ACME)).isNotSameAs(held);
        assertThat(server.data(ACME).chat(index).userDetails().name()).isEqualTo("Renamed Lead");
    }

    @Test
    void otherPairsAreBuiltOnFirstRequestAndOnlyAFewAreHeld() {
        assertThat(server.otherPairsHeld()).isZero();
        int cap = SandboxServer.cachedPairs(SETTINGS.chats());
        for (int k = 0; k < cap + 20; k++) {
            assertThat(page(client, new SandboxPair("bot-" + k, "c"), ChatType.LEAD, 1).statusCode()).isEqualTo(200);
        }
        assertThat(server.otherPairsHeld()).isBetween(1L, (long) cap);
        assertThat(SandboxServer.cachedPairs(2000)).isEqualTo(64);
        assertThat(SandboxServer.cachedPairs(1_000_000)).isEqualTo(8);
        assertThat(SandboxServer.cachedPairs(100_000_000)).isEqualTo(2);
    }

    @Test
    void statsCountListingRequestsPerPair() {
        page(client, ACME, ChatType.LEAD, 1);
        page(client, ACME, ChatType.NON_LEAD, 1);
        page(client, SandboxPair.DEFAULT, ChatType.LEAD, 1);
        JsonNode json = SandboxTestClient.JSON.readTree(client.raw("GET", SandboxServer.STATS_PATH).body());
        assertThat(json.get("listingByPair").get("acme-bot/acme-co").asLong()).isEqualTo(2);
        assertThat(json.get("listingByPair").get("demo-bot/demo-customer").asLong()).isEqualTo(1);
        assertThat(json.get("listingPages").get("lead").get("1").asLong()).isEqualTo(2);
        assertThat(server.stats().pairRequests(ACME)).isEqualTo(2);
    }

    @Test
    void generatedPairsStartWithTheDefaultAndAreDistinct() {
        assertThat(SandboxPair.generated(0)).isEqualTo(SandboxPair.DEFAULT);
        assertThat(SandboxPair.generated(2)).isEqualTo(new SandboxPair("demo-bot-3", "demo-customer"));
        List<SandboxPair> twenty = SandboxPair.firstGenerated(20);
        assertThat(twenty).hasSize(20).doesNotHaveDuplicates().startsWith(SandboxPair.DEFAULT);
        assertThat(twenty.get(19).toString()).isEqualTo("demo-bot-20/demo-customer");
        assertThatThrownBy(() -> new SandboxPair("a b", "c")).hasMessage(
                "botId is malformed: use the id from the bot's page URL (letters, digits, '-', '.', '_', '~')");
    }
}
