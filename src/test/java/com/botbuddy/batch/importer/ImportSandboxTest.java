package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.botbuddy.batch.BotBuddyApplication;
import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.FormulaGuard;
import com.botbuddy.batch.report.ListEncoding;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.botbuddy.batch.sandbox.SandboxStats;
import com.opencsv.CSVWriter;

/** The import against the sandbox API through the real HTTP client. */
@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:importsandbox;DB_CLOSE_DELAY=-1",
        "spring.batch.jdbc.initialize-schema=always",
        "botbuddy.api.retry-attempts=2",
        "botbuddy.api.retry-initial-delay=5ms",
        "botbuddy.api.retry-max-delay=20ms",
        ImportJobConfig.SEND_CHUNK_SIZE_PROPERTY + "=100",
        "logging.level.com.botbuddy=WARN" })
@SpringBatchTest
class ImportSandboxTest {
    static final SandboxServer SERVER = SandboxServer.start(SandboxSettings.forTests().withChats(400));

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("botbuddy.api.base-url", SERVER::baseUrl);
        registry.add("BOTBUDDY_BP_TOKEN", () -> SERVER.settings().bpToken());
        // the export's chats.csv carries updated_at: the import reads the live chats to check them
        registry.add("BOTBUDDY_BOT_TOKEN", () -> SERVER.settings().botToken());
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Autowired
    JobOperatorTestUtils jobs;
    @Autowired
    @Qualifier("importJob")
    Job importJob;
    @Autowired
    JobOperator jobOperator;
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        jobs.setJob(importJob);
        SERVER.setOutage(false);
        SERVER.data().resetUpdates();
        SERVER.stats().reset();
    }

    /** chats.csv as the export writes it: the shared columns, list encoding and formula guard on every cell. */
    static Path exportChatsCsv(Path file, java.util.function.UnaryOperator<String> nameEdit) throws Exception {
        SandboxData data = SERVER.data();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVWriter csv = new CSVWriter(w)) {
            csv.writeNext(ChatColumn.NAMES.toArray(String[]::new));
            for (int i = 0; i < data.size(); i++) {
                Chat c = data.chat(i);
                List<String> row = new ArrayList<>();
                for (ChatColumn column : ChatColumn.values()) {
                    row.add(FormulaGuard.guard(cell(data, i, c, column, nameEdit)));
                }
                csv.writeNext(row.toArray(String[]::new));
            }
        }
        return file;
    }

    private static String cell(SandboxData data, int i, Chat c, ChatColumn column, java.util.function.UnaryOperator<String> nameEdit) {
        String v = switch (column) {
            case ID -> c.id();
            case UUID -> c.uuid();
            case TYPE -> data.typeOf(i).apiValue();
            case STATUS -> c.status();
            case NAME -> nameEdit.apply(c.userDetails().name());
            case EMAIL -> c.contact().email();
            case DIAL_CODE -> c.phone().prefix();
            case PHONE -> c.phone().number();
            case AGENT_ID -> c.agentAssigned();
            case CITY -> c.userDetails().city();
            case COUNTRY -> c.userDetails().country();
            case GENDER -> c.userDetails().gender();
            case TAGS -> ListEncoding.encodeTags(c.userDetails().tags());
            case NOTES -> ListEncoding.encodeNotes(c.notes());
            case ATTRIBUTES -> ListEncoding.encodeAttributes(c.userDetails().attributes());
            case CREATED_AT -> c.createdAt();
            case UPDATED_AT -> c.updatedAt();
            case LAST_SEEN_AT -> c.lastSeenAt();
            case LAST_MESSAGE -> c.lastMessage() == null ? null : c.lastMessage().text();
            case PICTURE -> c.userDetails().picture();
            default -> "";
        };
        return v == null ? "" : v;
    }

    private JobParametersBuilder params(Path file) {
        return ImportTestSupport.params(file, dir.resolve("out"))
                .addString(ImportParameters.BOT_ID, SERVER.settings().botId())
                .addString(ImportParameters.CUSTOMER_ID, SERVER.settings().customerId())
                .addDouble(ImportParameters.MAX_ERROR_RATE, 0.1, false);
    }

    private static List<Chat> chats() {
        List<Chat> all = new ArrayList<>();
        for (int i = 0; i < SERVER.data().size(); i++) {
            all.add(SERVER.data().chat(i));
        }
        return all;
    }

    @Test
    void exportedChatsCsvImportedWithoutEditsLeavesEveryChatAsItWas() throws Exception {
        List<Chat> before = chats();
        Path file = exportChatsCsv(dir.resolve("chats.csv"), n -> n);

        JobExecution execution = jobs.startJob(params(file).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String[]> results = ImportTestSupport.readCsv(dir.resolve("out").resolve("results.csv"));
        assertThat(results.subList(1, results.size()).stream().filter(r -> !r[2].equals("updated"))
                .map(r -> String.join(" | ", r)).toList()).isEmpty();
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.UPDATED)).isEqualTo(SERVER.data().size());
        assertThat(SERVER.data().updatedCount()).isZero();
        assertThat(chats()).isEqualTo(before);
        assertThat(SERVER.stats().count(SandboxStats.UPDATE, 200)).isEqualTo(SERVER.data().size());
    }

    @Test
    void restartAfterSandboxOutageAppliesEveryRowExactlyOnce() throws Exception {
        Path file = exportChatsCsv(dir.resolve("chats.csv"), n -> "Edited " + (n == null ? "" : n.strip()));
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                if (SERVER.stats().count(SandboxStats.UPDATE, 200) >= 150) {
                    SERVER.setOutage(true);
                    return;
                }
                Thread.onSpinWait();
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        JobExecution first;
        try {
            first = jobs.startJob(params(file).toJobParameters());
        } finally {
            done.set(true);
        }
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(ImportJobTest.failure(first)).isInstanceOf(ImportStoppedException.class);

        SERVER.setOutage(false);
        JobExecution second = jobOperator.restart(first);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        for (int i = 0; i < SERVER.data().size(); i++) {
            String uuid = SERVER.data().uuid(i);
            assertThat(SERVER.stats().appliedUpdates(uuid)).as("applied PUTs for " + uuid).isEqualTo(1);
            assertThat(SERVER.data().chat(i).userDetails().name()).startsWith("Edited ");
        }
        List<String[]> results = ImportTestSupport.readCsv(dir.resolve("out").resolve("results.csv"));
        assertThat(results).hasSize(SERVER.data().size() + 1);
        assertThat(results.subList(1, results.size())).extracting(r -> r[2]).containsOnly("updated");
    }
}
