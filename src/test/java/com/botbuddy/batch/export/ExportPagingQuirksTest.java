package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.botbuddy.batch.BotBuddyApplication;
import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.ApiResponse;
import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpInboxClient;
import com.botbuddy.batch.client.InboxApi;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.client.ListedKeys;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

/** The listing's quirks: chats that move between pages, and an API that ignores the page number. */
@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:export-quirks-test;DB_CLOSE_DELAY=-1",
        "botbuddy.api.retry-attempts=1",
        "botbuddy.export.pages-per-commit=4",
        "botbuddy.quiet=true" })
@SpringBatchTest
class ExportPagingQuirksTest {
    /** Every 3rd page repeats the last chat of the page before it. */
    static final SandboxServer DUPLICATING = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(600)
            .withPageSize(20).withDuplicateEvery(3));

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("botbuddy.api.base-url", DUPLICATING::baseUrl);
        registry.add("BOTBUDDY_BOT_TOKEN", () -> DUPLICATING.settings().botToken());
    }

    @AfterAll
    static void stop() {
        DUPLICATING.close();
    }

    @Autowired
    JobOperatorTestUtils jobs;

    @Autowired
    @Qualifier("exportJob")
    Job exportJob;

    @TempDir
    Path out;

    @Test
    void aChatSeenOnTwoPagesIsReportedOnceAndCountedAsADuplicate() throws Exception {
        jobs.setJob(exportJob);
        ExportParameters p = new ExportParameters(DUPLICATING.settings().botId(), DUPLICATING.settings().customerId(),
                "all", LocalDate.of(2031, 1, 1), out, "csv", ZoneId.of("UTC"), 3, 1, 1000, "");
        JobExecution execution = jobs.startJob(p.toJobParameters());
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);

        List<String[]> rows = ExportJobTest.csv(p.reportFolder().resolve("chats.csv"));
        Set<String> ids = new HashSet<>();
        for (String[] row : rows.subList(1, rows.size())) {
            assertThat(ids.add(row[0])).as("id %s appears once", row[0]).isTrue();
        }
        assertThat(ids).hasSize(DUPLICATING.data().size());

        long chatsRead = 0;
        for (var step : execution.getStepExecutions()) {
            chatsRead += step.getExecutionContext().getLong(ChatPageReader.CHATS_READ, 0L);
        }
        long duplicates = chatsRead - DUPLICATING.data().size();
        assertThat(duplicates).as("the sandbox served repeated chats").isPositive();
        assertThat(Files.readString(p.reportFolder().resolve("run.json")))
                .contains("\"duplicatesDropped\" : " + duplicates);
    }

    @Test
    void theStagedPagesDecideWhereAResumedReadStartsWhateverTheSavedCursorSays() throws Exception {
        HttpInboxClient client = new HttpInboxClient(ClientSettings.defaults(DUPLICATING.baseUrl()),
                ApiCredentials.of(DUPLICATING.settings().botToken(), null));
        ExportParameters p = new ExportParameters(DUPLICATING.settings().botId(), DUPLICATING.settings().customerId(),
                "lead", LocalDate.of(2031, 1, 3), out, "csv", ZoneId.of("UTC"), 1, 1, 1000, "");
        for (int[] cursorAndStaged : new int[][] { { 10, 3 }, { 2, 6 } }) {
            ExecutionContext saved = new ExecutionContext();
            saved.putInt(ChatPageReader.NEXT_PAGE, cursorAndStaged[0]); // a cursor ahead of or behind the staging
            ChatPageReader reader = new ChatPageReader(client, p, ChatType.LEAD, type -> cursorAndStaged[1]);
            reader.open(saved);
            try {
                assertThat(reader.read().number()).isEqualTo(cursorAndStaged[1] + 1);
            } finally {
                reader.close();
            }
        }
        ChatPageReader fresh = new ChatPageReader(client, p, ChatType.LEAD, type -> null);
        ExecutionContext stale = new ExecutionContext();
        stale.putInt(ChatPageReader.NEXT_PAGE, 5); // pages lost with their commit: nothing staged, start over
        fresh.open(stale);
        try {
            assertThat(fresh.read().number()).isEqualTo(1);
        } finally {
            fresh.close();
        }
    }

    @Test
    void aReadWithNothingStagedStartsAfreshWhateverElseTheSavedContextSays() throws Exception {
        // staging cleared under a cursor that had read page 1 and even the end: page 1 is read again, as a first
        // page, not taken for the same page served twice
        HttpInboxClient client = new HttpInboxClient(ClientSettings.defaults(DUPLICATING.baseUrl()),
                ApiCredentials.of(DUPLICATING.settings().botToken(), null));
        ExportParameters p = new ExportParameters(DUPLICATING.settings().botId(), DUPLICATING.settings().customerId(),
                "lead", LocalDate.of(2031, 1, 4), out, "csv", ZoneId.of("UTC"), 1, 1, 1000, "");
        ChatPage first;
        ChatPageReader once = new ChatPageReader(client, p, ChatType.LEAD, type -> null);
        once.open(new ExecutionContext());
        try {
            first = once.read();
        } finally {
            once.close();
        }
        ExecutionContext saved = new ExecutionContext();
        saved.putInt(ChatPageReader.NEXT_PAGE, 2);
        saved.putLong(ChatPageReader.PAGES_READ, 1);
        saved.putLong(ChatPageReader.CHATS_READ, first.size());
        saved.putLong(ChatPageReader.LAST_IDS, ChatPageReader.idsHash(first.keys()));
        saved.putString(ChatPageReader.DONE, "true");

        ChatPageReader again = new ChatPageReader(client, p, ChatType.LEAD, type -> null);
        again.open(saved);
        try {
            ChatPage page = again.read();
            assertThat(page.number()).isEqualTo(1);
            assertThat(page.keys()).isEqualTo(first.keys());
            again.update(saved);
            assertThat(saved.getLong(ChatPageReader.PAGES_READ)).isEqualTo(1);
            assertThat(saved.getLong(ChatPageReader.CHATS_READ)).isEqualTo(first.size());
        } finally {
            again.close();
        }
    }

    @Test
    void anApiThatIgnoresThePageNumberFailsTheReadWithAClearMessage() {
        try (SandboxServer ignoring = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(200)
                .withIgnorePage(true))) {
            HttpInboxClient client = new HttpInboxClient(ClientSettings.defaults(ignoring.baseUrl()),
                    ApiCredentials.of(ignoring.settings().botToken(), null));
            ExportParameters p = new ExportParameters(ignoring.settings().botId(), ignoring.settings().customerId(),
                    "lead", LocalDate.of(2031, 1, 2), out, "csv", ZoneId.of("UTC"), 2, 1, 1000, "");
            assertThat(loopFailureOfReading(new ChatPageReader(client, p, ChatType.LEAD)))
                    .contains("same")
                    .contains("page 2")
                    .contains("ignore the 'page' parameter");
        }
    }

    @Test
    void theSameChatsInAnotherOrderOnTheNextPageAreTheSameRepeatedPage() {
        List<List<String>> pages = List.of(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("f", "d", "e"));
        InboxApi shuffling = new InboxApi() {
            @Override
            public ChatListing listChats(String botId, String customerId, ChatType type, int page) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ListedKeys listChatKeys(String botId, String customerId, ChatType type, int page) {
                return new ListedKeys(page <= pages.size() ? pages.get(page - 1) : List.of(), new byte[0]);
            }

            @Override
            public ApiResponse updateLead(LeadUpdate update) {
                throw new UnsupportedOperationException();
            }
        };
        ExportParameters p = new ExportParameters("bot", "customer", "lead", LocalDate.of(2031, 1, 2), out, "csv",
                ZoneId.of("UTC"), 1, 1, 1000, "");
        assertThat(loopFailureOfReading(new ChatPageReader(shuffling, p, ChatType.LEAD)))
                .contains("same 3 chats for lead page 3 as for page 2");
    }

    /** Reads up to ten pages; the message of the {@link ListingLoopException} that must stop it first. */
    private static String loopFailureOfReading(ChatPageReader reader) {
        reader.open(new ExecutionContext());
        try {
            for (int i = 0; i < 10; i++) {
                reader.read();
            }
        } catch (ListingLoopException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected a ListingLoopException, got " + e, e);
        } finally {
            reader.close();
        }
        throw new AssertionError("ten pages read without a ListingLoopException");
    }

    @Test
    void pagesSharingSomeButNotAllChatsAreNotARepeat() {
        assertThat(ChatPageReader.idsHash(List.of("a", "b", "c"))).isEqualTo(ChatPageReader.idsHash(List.of("c", "a", "b")))
                .isNotEqualTo(ChatPageReader.idsHash(List.of("a", "b", "d")))
                .isNotEqualTo(ChatPageReader.idsHash(List.of("a", "b")))
                .isNotEqualTo(ChatPageReader.idsHash(List.of("a", "b", "c", "c")));
    }
}
