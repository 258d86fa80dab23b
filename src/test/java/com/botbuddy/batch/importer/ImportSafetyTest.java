package com.botbuddy.batch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

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
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.LeadStatus;
import com.botbuddy.batch.client.LeadUpdate;
import com.botbuddy.batch.report.ChatColumn;
import com.botbuddy.batch.report.ChatReport;
import com.botbuddy.batch.report.FormulaGuard;
import com.botbuddy.batch.report.ListEncoding;
import com.botbuddy.batch.report.ReportFormat;
import com.botbuddy.batch.report.ReportRequest;
import com.botbuddy.batch.report.RunFacts;
import com.botbuddy.batch.report.TypedChat;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxPair;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.botbuddy.batch.sandbox.SandboxStats;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports that cannot overwrite a newer edit and can be undone, against the sandbox through the real HTTP client:
 * the files are written by the export's own report writer (chats.csv and the Chats sheet), edited the way an
 * operator would, and the sandbox's chats are the oracle.
 */
@SpringBootTest(classes = BotBuddyApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:importsafety;DB_CLOSE_DELAY=-1",
        "spring.batch.jdbc.initialize-schema=always",
        "botbuddy.api.retry-attempts=2",
        "botbuddy.api.retry-initial-delay=5ms",
        "botbuddy.api.retry-max-delay=20ms",
        ImportJobConfig.SEND_CHUNK_SIZE_PROPERTY + "=10",
        "logging.level.com.botbuddy=WARN" })
@SpringBatchTest
class ImportSafetyTest {
    static final SandboxServer SERVER = SandboxServer.start(SandboxSettings.forTests().withChats(300));
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("botbuddy.api.base-url", SERVER::baseUrl);
        registry.add("BOTBUDDY_BP_TOKEN", () -> SERVER.settings().bpToken());
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

    static SandboxData data() {
        return SERVER.data();
    }

    /** The first {@code count} leads that are not CLOSED (so a live edit to CLOSED changes their status). */
    static List<Integer> leads(int count) {
        List<Integer> picked = new ArrayList<>();
        for (int i : data().leadIndices()) {
            if (!"CLOSED".equals(data().chat(i).status()) && data().chat(i).status() != null) {
                picked.add(i);
            }
            if (picked.size() == count) {
                break;
            }
        }
        return picked;
    }

    /**
     * chats.csv and report.xlsx as the export writes them for these chats as they are now, each first passed
     * through {@code edit} (the operator's edits in the file), typed as the sandbox lists them.
     */
    Path export(String name, List<Integer> indices, BiFunction<Integer, Chat, Chat> edit) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        ReportRequest request = new ReportRequest(folder, EnumSet.of(ReportFormat.CSV, ReportFormat.XLSX),
                LocalDate.of(2026, 3, 1), ZoneOffset.UTC, SERVER.settings().botId(), SERVER.settings().customerId(),
                Instant.parse("2026-03-01T06:00:00Z"));
        try (ChatReport report = ChatReport.open(request)) {
            for (int k = 0; k < indices.size(); k++) {
                int i = indices.get(k);
                report.add(new TypedChat(data().typeOf(i), edit.apply(k, data().chat(i))));
            }
            report.finish(new RunFacts(1, 0, Duration.ofSeconds(1), 1));
        }
        return folder;
    }

    static Chat edited(Chat c, String status, String name) {
        Chat.UserDetails d = c.userDetails();
        return with(c, status, new Chat.UserDetails(name, d.picture(), d.contact(), d.city(), d.country(), d.gender(),
                d.tags(), d.attributes()), c.notes(), c.agentAssigned());
    }

    static Chat with(Chat c, String status, Chat.UserDetails details, List<Chat.Note> notes, String agent) {
        return new Chat(c.id(), c.uuid(), c.createdAt(), c.isOnline(), c.lastMessage(), c.lastSeenAt(),
                new Chat.Profile(notes, details), status, c.updatedAt(), c.websiteVisits(), agent);
    }

    /** An edit made in the inbox, by someone else, after the export. */
    static void editLive(int index, String status, String name) {
        assertThat(data().apply(new LeadUpdate(data().uuid(index), SERVER.settings().botId(),
                SERVER.settings().customerId(), null, status, null, name, null, null, null, null, null, null))).isTrue();
    }

    JobParametersBuilder params(Path file, Path out) {
        return ImportTestSupport.params(file, out)
                .addString(ImportParameters.BOT_ID, SERVER.settings().botId())
                .addString(ImportParameters.CUSTOMER_ID, SERVER.settings().customerId())
                .addString(ImportParameters.SHEET, file.toString().endsWith(".xlsx") ? "Chats" : "", false)
                .addDouble(ImportParameters.MAX_ERROR_RATE, 0.1, false);
    }

    /** results.csv: uuid → {outcome, reason}. */
    static Map<String, String[]> results(Path out) throws Exception {
        Map<String, String[]> byUuid = new TreeMap<>();
        List<String[]> rows = ImportTestSupport.readCsv(out.resolve(ImportReportWriter.RESULTS));
        for (String[] row : rows.subList(1, rows.size())) {
            byUuid.put(row[1], new String[] { row[2], row[4] });
        }
        return byUuid;
    }

    /** The editable fields of a chat, read straight from the chat (empty lists and absent ones alike). */
    static List<Object> editable(Chat c) {
        List<List<String>> notes = new ArrayList<>();
        c.notes().forEach(n -> notes.add(List.of(Objects.toString(n.title(), ""), Objects.toString(n.description(), ""))));
        List<String> tags = c.userDetails().tags() == null ? List.of() : c.userDetails().tags();
        List<Chat.Attribute> attributes = c.userDetails().attributes() == null ? List.of() : c.userDetails().attributes();
        return List.of(Objects.toString(c.status(), ""), Objects.toString(c.userDetails().name(), ""),
                Objects.toString(c.contact().email(), ""), Objects.toString(c.phone().number(), ""),
                Objects.toString(c.phone().prefix(), ""), Objects.toString(c.agentAssigned(), ""),
                Objects.toString(c.userDetails().picture(), ""), tags, notes, attributes);
    }

    // ------------------------------------------------------------------------------------------ the live read

    @Test
    void liveReadPagesOnlyTheLeadListingWithTheReadTokenUntilTheFirstEmptyPage() throws Exception {
        Path folder = export("leads", leads(5), (k, c) -> c);

        JobExecution execution = jobs.startJob(params(folder.resolve("chats.csv"), dir.resolve("out")).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        // pages 1.. in windows of LIVE_WINDOW, up to the window holding the first empty page; each page once
        int lastPage = data().pageCount(ChatType.LEAD) + 1;
        int window = ImportJobConfig.LIVE_WINDOW;
        SortedMap<Long, Long> expected = new TreeMap<>();
        for (long page = 1; page <= (lastPage + window - 1) / window * window; page++) {
            expected.put(page, 1L);
        }
        assertThat(SERVER.stats().pagesRequested(ChatType.LEAD)).isEqualTo(expected);
        assertThat(SERVER.stats().pagesRequested(ChatType.NON_LEAD)).isEmpty();
        assertThat(SERVER.stats().count(SandboxStats.LISTING, 200)).isEqualTo(expected.size());
        assertThat(SERVER.stats().requests(SandboxStats.LISTING)).as("none refused: the read token was sent")
                .isEqualTo(expected.size());
        assertThat(SERVER.stats().pairRequests(SandboxPair.of(SERVER.settings()))).isEqualTo(expected.size());
        assertThat(SERVER.stats().count(SandboxStats.UPDATE, 200)).isEqualTo(5);
    }

    @Test
    void rowsWithoutATypeMakeTheLiveReadPageBothListings() throws Exception {
        int lead = leads(1).get(0);
        Path file = ImportTestSupport.csv(dir, "untyped.csv", "uuid,name,updated_at",
                data().uuid(lead) + ",Untyped," + data().chat(lead).updatedAt());

        JobExecution execution = jobs.startJob(params(file, dir.resolve("out")).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(SERVER.stats().pagesRequested(ChatType.LEAD)).containsKey((long) data().pageCount(ChatType.LEAD) + 1);
        assertThat(SERVER.stats().pagesRequested(ChatType.NON_LEAD))
                .containsKey((long) data().pageCount(ChatType.NON_LEAD) + 1);
        assertThat(data().chat(lead).userDetails().name()).isEqualTo("Untyped");
    }

    // ------------------------------------------------------------------------------------------ conflicts

    @Test
    void rowEditedLiveSinceTheExportIsAConflictNamingTheFieldsThatDifferAndExitsWithRejections() throws Exception {
        List<Integer> picked = leads(3);
        int nonLead = data().nonLeadIndices()[0];
        List<Integer> rows = new ArrayList<>(picked);
        rows.add(nonLead);
        Path folder = export("edits", rows, (k, c) -> k == 3 ? c : edited(c, c.status(), "File " + k));
        // the non-lead's row claims to be a lead: the lead listing does not have it
        Path csv = folder.resolve("chats.csv");
        Files.writeString(csv, Files.readString(csv).replace(data().uuid(nonLead) + ",non-lead,",
                data().uuid(nonLead) + ",lead,"));
        Chat untouched = data().chat(picked.get(0));
        editLive(picked.get(0), "CLOSED", "Live Name");

        JobExecution execution = jobs.startJob(params(csv, dir.resolve("out")).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo(ImportJobConfig.EXIT_COMPLETED_WITH_REJECTIONS);
        Map<String, String[]> results = results(dir.resolve("out"));
        String[] conflict = results.get(data().uuid(picked.get(0)));
        assertThat(conflict[0]).isEqualTo(ImportOutcome.CONFLICT);
        assertThat(conflict[1]).contains("fields that differ: status, name")
                .contains(untouched.updatedAt()).contains(data().chat(picked.get(0)).updatedAt());
        assertThat(results.get(data().uuid(nonLead))[0]).isEqualTo(ImportOutcome.CONFLICT);
        assertThat(results.get(data().uuid(nonLead))[1]).contains("not in the live listing");
        assertThat(results.get(data().uuid(picked.get(1)))[0]).isEqualTo(ImportOutcome.UPDATED);
        assertThat(results.get(data().uuid(picked.get(2)))[0]).isEqualTo(ImportOutcome.UPDATED);
        // the newer edit stands; the others were applied
        assertThat(data().chat(picked.get(0)).userDetails().name()).isEqualTo("Live Name");
        assertThat(data().chat(picked.get(0)).status()).isEqualTo("CLOSED");
        assertThat(SERVER.stats().updateRequests(data().uuid(picked.get(0)))).isZero();
        assertThat(data().chat(picked.get(1)).userDetails().name()).isEqualTo("File 1");
        assertThat(execution.getExecutionContext().getLong(ImportJobConfig.CONFLICTS)).isEqualTo(2);
        // the conflict rows are in the rejected file, to import again with --overwrite-newer
        List<String[]> rejected = ImportTestSupport.readCsv(dir.resolve("out").resolve(ImportReportWriter.REJECTED_CSV));
        assertThat(rejected).hasSize(3);
        assertThat(rejected.get(1)[rejected.get(1).length - 1]).contains("fields that differ: status, name");
        JsonNode summary = JSON.readTree(dir.resolve("out").resolve(ImportReportWriter.SUMMARY).toFile());
        assertThat(summary.get("conflicts").asLong()).isEqualTo(2);
        assertThat(summary.get("liveRead").asBoolean()).isTrue();
    }

    @Test
    void overwriteNewerSendsTheRowEvenThoughTheChatWasEditedSince() throws Exception {
        int lead = leads(1).get(0);
        Path folder = export("edits", List.of(lead), (k, c) -> edited(c, c.status(), "File wins"));
        editLive(lead, "CLOSED", "Live Name");

        JobExecution execution = jobs.startJob(params(folder.resolve("chats.csv"), dir.resolve("out"))
                .addString(ImportParameters.OVERWRITE_NEWER, "true").toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(execution.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        assertThat(results(dir.resolve("out")).get(data().uuid(lead))[0]).isEqualTo(ImportOutcome.UPDATED);
        assertThat(data().chat(lead).userDetails().name()).isEqualTo("File wins");
        assertThat(data().chat(lead).status()).isEqualTo(data().generated(lead).status());
    }

    @Test
    void xlsxRowsCompareWithTheLiveChatAtTheMillisecond() throws Exception {
        List<Integer> picked = leads(3);
        // the chats as edited once: updated_at is the sandbox's anchor, a whole midnight (a date-only XLSX cell)
        for (int i : picked) {
            editLive(i, null, "Once " + i);
        }
        Path folder = export("xlsx", picked, (k, c) -> edited(c, c.status(), "Xlsx " + k));
        // one more edit, one logical millisecond later
        editLive(picked.get(0), null, "Twice");

        JobExecution execution = jobs.startJob(params(folder.resolve("report.xlsx"), dir.resolve("out")).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, String[]> results = results(dir.resolve("out"));
        assertThat(Instant.parse(data().chat(picked.get(0)).updatedAt())).isEqualTo(SERVER.settings().now().plusMillis(1));
        assertThat(results.get(data().uuid(picked.get(0)))[0]).isEqualTo(ImportOutcome.CONFLICT);
        assertThat(results.get(data().uuid(picked.get(0)))[1]).contains("fields that differ: name");
        assertThat(results.get(data().uuid(picked.get(1)))[0]).isEqualTo(ImportOutcome.UPDATED);
        assertThat(results.get(data().uuid(picked.get(2)))[0]).isEqualTo(ImportOutcome.UPDATED);
    }

    // ------------------------------------------------------------------------------------------ undo

    /** Edits to every editable field, varied per row; "(clear)" empties email. */
    static Chat everyField(int k, Chat c) {
        Chat.UserDetails d = c.userDetails();
        LeadStatus[] statuses = LeadStatus.values();
        String status = statuses[(k + 2) % statuses.length].name();
        if (status.equals(c.status())) {
            status = statuses[(k + 3) % statuses.length].name();
        }
        Chat.Contact contact = new Chat.Contact(k % 2 == 0 ? RowValidator.CLEAR : "undo" + k + "@example.com",
                new Chat.Phone("55512345" + (10 + k), "44"));
        Chat.UserDetails details = new Chat.UserDetails("Undo " + k, "https://example.com/u" + k + ".png", contact,
                d.city(), d.country(), d.gender(), List.of("undo", "t" + k),
                List.of(new Chat.Attribute("plan", "p" + k)));
        return with(c, status, details, List.of(new Chat.Note("undo note", "row " + k, null)), "agent-undo-" + k);
    }

    @Test
    void undoCsvImportedAsItIsRestoresEveryFieldTheImportChanged() throws Exception {
        List<Integer> picked = leads(12);
        List<List<Object>> before = picked.stream().map(i -> editable(data().chat(i))).toList();
        Path folder = export("edits", picked, ImportSafetyTest::everyField);

        JobExecution first = jobs.startJob(params(folder.resolve("chats.csv"), dir.resolve("out")).toJobParameters());

        assertThat(first.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        for (int k = 0; k < picked.size(); k++) {
            assertThat(editable(data().chat(picked.get(k)))).as("edited").isNotEqualTo(before.get(k));
            assertThat(data().chat(picked.get(k)).userDetails().name()).isEqualTo("Undo " + k);
        }
        Path undo = dir.resolve("out").resolve(ImportReportWriter.UNDO_CSV);
        List<String[]> undoRows = ImportTestSupport.readCsv(undo);
        assertThat(undoRows.get(0)).containsExactlyElementsOf(ImportReportWriter.UNDO_HEADER);
        assertThat(undoRows).hasSize(picked.size() + 1);
        assertThat(picked).as("a chat whose notes no XLSX cell can hold, restored from undo.csv")
                .anyMatch(i -> ListEncoding.encodeNotes(data().generated(i).notes()).length() > ImportReportWriter.MAX_XLSX_CELL);

        JobExecution restore = jobs.startJob(params(undo, dir.resolve("undo-out")).toJobParameters());

        assertThat(restore.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restore.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        for (int k = 0; k < picked.size(); k++) {
            assertThat(editable(data().chat(picked.get(k)))).as("chat %d restored", picked.get(k)).isEqualTo(before.get(k));
        }
    }

    @Test
    void undoXlsxImportedAsItIsRestoresEveryFieldTheImportChanged() throws Exception {
        // a value over Excel's cell limit cannot be restored from undo.xlsx (undo.csv holds it): leave that chat out
        List<Integer> picked = leads(8).stream().filter(i -> ListEncoding.encodeNotes(data().chat(i).notes()).length()
                < ImportReportWriter.MAX_XLSX_CELL).limit(6).toList();
        List<List<Object>> before = picked.stream().map(i -> editable(data().chat(i))).toList();
        Path folder = export("edits", picked, ImportSafetyTest::everyField);

        JobExecution first = jobs.startJob(params(folder.resolve("report.xlsx"), dir.resolve("out")).toJobParameters());
        assertThat(first.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        Path undo = dir.resolve("out").resolve(ImportReportWriter.UNDO_XLSX);
        assertThat(undo).exists();

        JobExecution restore = jobs.startJob(params(undo, dir.resolve("undo-out"))
                .addString(ImportParameters.SHEET, "", false).toJobParameters());

        assertThat(restore.getExitStatus().getExitCode()).isEqualTo("COMPLETED");
        for (int k = 0; k < picked.size(); k++) {
            assertThat(editable(data().chat(picked.get(k)))).as("chat %d restored", picked.get(k)).isEqualTo(before.get(k));
        }
    }

    // ------------------------------------------------------------------------------------------ dry run

    @Test
    void dryRunWritesPerRowAndFieldTheValueNowAndTheValueItWouldSetAndSendsNothing() throws Exception {
        List<Integer> picked = leads(3);
        Chat first = data().chat(picked.get(0));
        Chat second = data().chat(picked.get(1));
        String newStatus = "CLOSED".equals(second.status()) ? "OPEN" : "CLOSED";
        Path folder = export("dry", picked, (k, c) -> k == 0 ? edited(c, c.status(), "Dry Name")
                : k == 1 ? edited(c, newStatus, c.userDetails().name()) : c);

        JobExecution execution = jobs.startJob(params(folder.resolve("chats.csv"), dir.resolve("out"))
                .addJobParameter(ImportParameters.DRY_RUN, Boolean.TRUE, Boolean.class, false).toJobParameters());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(SERVER.stats().requests(SandboxStats.UPDATE)).isZero();
        List<String[]> changes = ImportTestSupport.readCsv(dir.resolve("out").resolve(ImportReportWriter.CHANGES));
        assertThat(changes).extracting(r -> String.join("|", r)).containsExactly(
                "row|uuid|field|now|new",
                "2|" + first.uuid() + "|name|" + FormulaGuard.guard(first.userDetails().name()) + "|Dry Name",
                "3|" + second.uuid() + "|status|" + second.status() + "|" + newStatus);
        assertThat(dir.resolve("out").resolve(ImportReportWriter.UNDO_CSV)).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------ restart

    @Test
    void restartAfterACrashMidSendUsesTheFirstSnapshotAndDoesNotCheckSentRowsAgain() throws Exception {
        List<Integer> picked = leads(60);
        Path folder = export("restart", picked, (k, c) -> edited(c, c.status(), "Restart " + k));
        SERVER.outageAfterUpdates(25);
        JobExecution first = jobs.startJob(params(folder.resolve("chats.csv"), dir.resolve("out")).toJobParameters());
        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        long listingRequests = SERVER.stats().requests(SandboxStats.LISTING);
        Map<String, String[]> halfway = results(dir.resolve("out"));
        int sentRow = -1;
        int unsentRow = -1;
        for (int k = 0; k < picked.size(); k++) {
            String outcome = halfway.get(data().uuid(picked.get(k)))[0];
            if (outcome.equals(ImportOutcome.UPDATED) && sentRow < 0) {
                sentRow = k;
            }
            if (outcome.equals(ImportOutcome.NOT_SENT)) {
                unsentRow = k;
            }
        }
        assertThat(sentRow).isNotNegative();
        assertThat(unsentRow).isNotNegative();
        // while the import is down, someone edits a chat it already updated and one it has yet to send
        SERVER.setOutage(false);
        editLive(picked.get(sentRow), null, "Edited after sending");
        editLive(picked.get(unsentRow), null, "Edited after the snapshot");

        JobExecution second = jobOperator.restart(first);

        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(SERVER.stats().requests(SandboxStats.LISTING)).as("the first run's snapshot, not a new read")
                .isEqualTo(listingRequests);
        // the row already sent is neither sent nor checked again: the later edit stands
        assertThat(SERVER.stats().appliedUpdates(data().uuid(picked.get(sentRow)))).isEqualTo(1);
        assertThat(data().chat(picked.get(sentRow)).userDetails().name()).isEqualTo("Edited after sending");
        // the unsent row is checked against the first snapshot, which predates that edit: the race window
        assertThat(data().chat(picked.get(unsentRow)).userDetails().name()).isEqualTo("Restart " + unsentRow);
        Map<String, String[]> results = results(dir.resolve("out"));
        assertThat(results.values()).extracting(r -> r[0]).containsOnly(ImportOutcome.UPDATED);
        // one undo row per row sent, none lost or repeated across the two executions
        List<String[]> undo = ImportTestSupport.readCsv(dir.resolve("out").resolve(ImportReportWriter.UNDO_CSV));
        Set<String> undoUuids = new HashSet<>();
        undo.subList(1, undo.size()).forEach(r -> assertThat(undoUuids.add(r[0])).as("once: " + r[0]).isTrue());
        assertThat(undoUuids).hasSize(picked.size());
        int name = ImportReportWriter.UNDO_HEADER.indexOf(ChatColumn.NAME.header());
        assertThat(undo.subList(1, undo.size())).allSatisfy(r -> {
            String original = data().generated(data().indexOfUuid(r[0])).userDetails().name();
            assertThat(FormulaGuard.unguard(r[name])).isEqualTo(original == null || original.isEmpty() ? RowValidator.CLEAR : original);
        });
    }
}
