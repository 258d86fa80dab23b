package com.botbuddy.batch.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.history.LeadHistory;

/**
 * The report step streams the staged chats on a thread of its own while the step's thread counts the lead history's
 * figures: in the step's transaction, which on a scale-out run holds tonight's history, and neither side outliving
 * the step when the other fails.
 */
class ReportTaskletTest {
    private static final int CHATS = 20_000;
    private static final LocalDate DATE = LocalDate.of(2031, 3, 4);

    @TempDir
    Path out;

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final StagedChats staged;
    private final StepExecution step = MetaDataInstanceFactory.createStepExecution();

    ReportTaskletTest() {
        dataSource.setURL("jdbc:h2:mem:report-tasklet-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        staged = new StagedChats(dataSource);
    }

    private ExportParameters params() {
        return new ExportParameters("bot", "customer", "all", DATE, out, "csv", ZoneId.of("UTC"), 1, 1, 1000, "");
    }

    private void stageChats() {
        StagingKey key = new StagingKey(step.getJobExecution().getJobInstance().getInstanceId(), 0);
        List<ChatPage> pages = new ArrayList<>();
        for (int page = 1; page <= CHATS / 50; page++) {
            List<Chat> chats = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "c" + page + "-" + i;
                chats.add(new Chat(id, "uuid-" + id, "2031-03-01T10:00:00.000Z", null, null, null, null, "OPEN", null,
                        1, null));
            }
            pages.add(ChatPage.of(ChatType.LEAD, page, chats));
        }
        staged.stage(key, pages);
    }

    private LeadHistory history(java.util.function.Supplier<HistoryFigures> figures) {
        return new LeadHistory(dataSource, new DataSourceTransactionManager(dataSource)) {
            @Override
            public HistoryFigures figures(String botId, String customerId, LocalDate asOf, int sinceDays) {
                return figures.get();
            }
        };
    }

    private void execute(LeadHistory history) {
        new ReportTasklet(staged, history, params(), 0).execute(step.createStepContribution(),
                new ChunkContext(new StepContext(step)));
    }

    private static boolean streamerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("report-chats") && t.isAlive());
    }

    @Test
    void theFiguresAreCountedOnTheStepsOwnThreadAndEveryStagedChatIsReported() throws Exception {
        stageChats();
        AtomicReference<Thread> countedOn = new AtomicReference<>();
        LeadHistory real = new LeadHistory(dataSource, new DataSourceTransactionManager(dataSource));

        execute(history(() -> {
            countedOn.set(Thread.currentThread());
            return real.figures("bot", "customer", DATE, 30);
        }));

        assertThat(countedOn.get()).isSameAs(Thread.currentThread());
        Path folder = params().reportFolder();
        assertThat(Files.readAllLines(folder.resolve("chats.csv"))).hasSize(CHATS + 1); // and the header
        assertThat(Files.exists(folder.resolve("history-funnel.csv"))).isTrue();
        assertThat(step.getWriteCount()).isEqualTo(CHATS);
        assertThat(streamerAlive()).isFalse();
    }

    @Test
    void figuresThatFailEndTheStepAndStopTheStreamingBeforeItReportedEveryChat() {
        stageChats();

        assertThatThrownBy(() -> execute(history(() -> {
            throw new IllegalStateException("the history cannot be read");
        }))).isInstanceOf(IllegalStateException.class).hasMessage("the history cannot be read");

        assertThat(streamerAlive()).as("the streaming thread ended with the step").isFalse();
        assertThat(step.getWriteCount()).as("chats streamed before it stopped").isLessThan(CHATS);
        assertThat(params().reportFolder().resolve("chats.csv")).as("no report moved into place").doesNotExist();
    }
}
