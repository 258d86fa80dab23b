package com.botbuddy.batch.sandbox;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;

/**
 * A measurement, not a test (tests never assert a duration): how many chats per second one client thread gets paging
 * through the sandbox. Run with
 * {@code ./mvnw -B -q test -Dtest=SandboxThroughputCheck -Dsandbox.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "sandbox.bench", matches = "true")
class SandboxThroughputCheck {

    @Test
    void oneClientThreadPaging200kChats() {
        int chats = 200_000;
        for (int pageSize : new int[] { 50, 200 }) {
            SandboxSettings settings = SandboxSettings.forTests().withNow(Instant.parse("2026-03-01T00:00:00Z"))
                    .withChats(chats).withLeadShare(1.0).withPageSize(pageSize);
            try (SandboxServer server = SandboxServer.start(settings)) {
                SandboxTestClient client = new SandboxTestClient(server);
                for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                    for (boolean parse : new boolean[] { false, true }) {
                        long start = System.nanoTime();
                        long seen = 0;
                        long bytes = 0;
                        for (long page = 1;; page++) {
                            HttpResponse<byte[]> response = client.page(ChatType.LEAD, page);
                            bytes += response.body().length;
                            int n;
                            if (parse) {
                                ChatListing listing = client.listingOf(response);
                                n = listing.chats().size();
                            } else {
                                n = response.body().length > 60 ? pageSize : 0;
                            }
                            if (n == 0) {
                                break;
                            }
                            seen += n;
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf("page size %d, round %d, %s: %,d chats in %.2f s = %,.0f chats/s (%.0f MB)%n",
                                pageSize, round, parse ? "parsed with Jackson" : "raw bytes", seen, seconds,
                                seen / seconds, bytes / 1e6);
                    }
                }
            }
        }
    }
}
