package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadUpdate;

import tools.jackson.core.JacksonException;

class SandboxKnobsTest {
    static final SandboxSettings BASE = SandboxSettings.forTests()
            .withNow(Instant.parse("2026-03-01T00:00:00Z")).withChats(400).withPageSize(10);

    @Test
    void ignorePageServesPageOneForEveryPage() {
        try (SandboxServer server = SandboxServer.start(BASE.withIgnorePage(true))) {
            SandboxTestClient client = new SandboxTestClient(server);
            byte[] first = client.page(ChatType.LEAD, 1).body();
            assertThat(client.page(ChatType.LEAD, 2).body()).isEqualTo(first);
            assertThat(client.page(ChatType.LEAD, 10_000).body()).isEqualTo(first);
            assertThat(server.stats().pagesRequested(ChatType.LEAD)).containsOnlyKeys(1L, 2L, 10_000L);
        }
    }

    @Test
    void duplicateEveryRepeatsThePreviousPagesLastChatAtTheStartOfEveryNthPage() {
        try (SandboxServer server = SandboxServer.start(BASE.withDuplicateEvery(3))) {
            SandboxTestClient client = new SandboxTestClient(server);
            List<Chat> all = new ArrayList<>();
            List<Chat> previous = List.of();
            for (long page = 1;; page++) {
                List<Chat> chats = client.listingOf(client.page(ChatType.NON_LEAD, page)).chats();
                if (chats.isEmpty()) {
                    break;
                }
                if (page % 3 == 0) {
                    assertThat(chats).hasSize(Math.min(11, 1 + server.data().nonLeadCount() - (int) (page - 1) * 10));
                    assertThat(chats.get(0)).isEqualTo(previous.get(previous.size() - 1));
                } else {
                    assertThat(chats.get(0)).isNotEqualTo(previous.isEmpty() ? null : previous.get(previous.size() - 1));
                }
                all.addAll(chats);
                previous = chats;
            }
            Map<String, Chat> byId = new HashMap<>();
            all.forEach(c -> byId.put(c.id(), c));
            assertThat(all.size()).isGreaterThan(byId.size());
            assertThat(byId).hasSize(server.data().nonLeadCount());
        }
    }

    @Test
    void faultsHitAboutTheRateYetEveryResourceSucceedsWithinFourAttempts() {
        double rate = 0.3;
        try (SandboxServer server = SandboxServer.start(BASE.withFaultRate(rate).withChats(2000).withPageSize(10))) {
            server.faultPlan().setSlowMillis(20);
            SandboxTestClient client = new SandboxTestClient(server);
            int resources = 0;
            int firstAttemptFaults = 0;
            Map<String, Integer> kinds = new HashMap<>();
            for (ChatType type : ChatType.values()) {
                for (long page = 1; page <= server.data().pageCount(type) + 1; page++) {
                    resources++;
                    boolean ok = false;
                    for (int attempt = 0; attempt < 4 && !ok; attempt++) {
                        String outcome = listingOutcome(client, type, page);
                        ok = outcome.equals("ok");
                        if (!ok) {
                            kinds.merge(outcome, 1, Integer::sum);
                            if (attempt == 0) {
                                firstAttemptFaults++;
                            }
                        }
                    }
                    assertThat(ok).as("%s page %d within 4 attempts", type, page).isTrue();
                }
            }
            for (int k = 0; k < 150; k++) {
                resources++;
                LeadUpdate update = new LeadUpdate(server.data().uuid(k), BASE.botId(), BASE.customerId(), null, "REVIEW",
                        null, null, null, null, null, null, null, null);
                boolean ok = false;
                for (int attempt = 0; attempt < 4 && !ok; attempt++) {
                    String outcome = updateOutcome(client, update);
                    ok = outcome.equals("ok");
                    if (!ok) {
                        kinds.merge(outcome, 1, Integer::sum);
                        firstAttemptFaults += attempt == 0 ? 1 : 0;
                    }
                }
                assertThat(ok).isTrue();
                assertThat(server.data().chat(k).status()).isEqualTo("REVIEW");
            }
            long slow = server.faultPlan().injected(FaultPlan.Fault.SLOW);
            double observed = (double) (firstAttemptFaults) / resources;
            // slow answers succeed, so they are not counted as failures by the client: compare failures without them
            double failingRate = rate * 4 / 5;
            assertThat(observed).isBetween(failingRate - 0.08, failingRate + 0.08);
            assertThat(kinds).containsKeys("500", "429", "dropped", "truncated");
            assertThat(slow).isPositive();
            assertThat(server.stats().count(SandboxStats.LISTING, SandboxStats.DROPPED)).isPositive();
        }
    }

    @Test
    void faultPlanIsDeterministicAndNeverFaultsFromTheFourthAttemptOn() {
        FaultPlan a = new FaultPlan(42, 1.0);
        FaultPlan b = new FaultPlan(42, 1.0);
        for (int r = 0; r < 200; r++) {
            String resource = "listing:lead:" + r;
            for (int k = 0; k <= FaultPlan.LAST_FAULTY_ATTEMPT; k++) {
                assertThat(a.decide(resource, k)).isNotEqualTo(FaultPlan.Fault.NONE).isEqualTo(b.decide(resource, k));
            }
            assertThat(a.decide(resource, 3)).isEqualTo(FaultPlan.Fault.NONE);
            assertThat(a.decide(resource, 100)).isEqualTo(FaultPlan.Fault.NONE);
        }
        assertThat(new FaultPlan(42, 0).next("listing:lead:1")).isEqualTo(FaultPlan.Fault.NONE);
    }

    private static String listingOutcome(SandboxTestClient client, ChatType type, long page) {
        HttpResponse<byte[]> response;
        try {
            response = client.page(type, page);
        } catch (UncheckedIOException e) {
            return "dropped";
        }
        if (response.statusCode() == 429) {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        }
        if (response.statusCode() != 200) {
            return Integer.toString(response.statusCode());
        }
        try {
            ChatListing listing = client.listingOf(response);
            return listing.success() ? "ok" : "unsuccessful";
        } catch (JacksonException e) {
            return "truncated";
        }
    }

    private static String updateOutcome(SandboxTestClient client, LeadUpdate update) {
        HttpResponse<byte[]> response;
        try {
            response = client.put(update);
        } catch (UncheckedIOException e) {
            return "dropped";
        }
        if (response.statusCode() != 200) {
            return Integer.toString(response.statusCode());
        }
        return SandboxTestClient.text(response).equals("{\"success\":true,\"message\":\"ok\",\"code\":200}")
                ? "ok" : "truncated";
    }
}
