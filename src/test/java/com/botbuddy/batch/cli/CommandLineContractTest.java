package com.botbuddy.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

/** The command line as operators and schedulers see it: help text, exit codes, and tokens kept secret. */
class CommandLineContractTest {
    static final SandboxServer SANDBOX = SandboxServer.start(SandboxSettings.defaults().withPort(0).withChats(300));

    @AfterAll
    static void stop() {
        SANDBOX.close();
    }

    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = BotBuddyCli.run(args);
            capture.flush();
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void anUnreachableJobRepositoryIsExit2NamingItWithoutItsParameters() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/test";
        Run run = run("export", "--sandbox", "--repository-url", url + "?user=ops&sslmode=disable", "--home",
                tmp.resolve("home").toString(), "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).as("what could not be opened, not only the driver's 'Connection refused'")
                .contains("error: cannot open the job repository at " + url + ": ")
                .doesNotContain("sslmode").doesNotContain("\tat ");
        // Spring had started: the trace is in the support log, which the home holds even with PostgreSQL
        java.util.List<Path> logs = com.botbuddy.batch.ops.SupportLogFiles.list(tmp.resolve("home/logs"));
        assertThat(logs).as(run.out()).hasSize(1);
        assertThat(run.out()).contains("details: " + logs.get(0) + "\nexit 2 (");
        assertThat(Files.readString(logs.get(0))).contains("ERROR [main] botbuddy.support - export failed: cannot open"
                + " the job repository at " + url + ": ").contains("\tat ").doesNotContain("sslmode");
    }

    @Test
    void helpAndARefusalBeforeAnythingStartsWriteNoSupportLog() throws IOException {
        Path home = tmp.resolve("home");
        assertThat(run("export", "--help", "--home", home.toString()).exit()).isZero();
        Run refused = run("export", "--bot-id", "b", "--customer-id", "c", "--home", home.toString(),
                "--bot-token-file", tmp.resolve("no-such-token-file").toString());
        assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).doesNotContain("details:");
        assertThat(home).as("neither a home nor a log").doesNotExist();
    }

    @Test
    void aPasswordInTheRepositoryUrlIsExit2PointingToTheVariableAndPgpassWithoutRepeatingIt() {
        Run run = run("export", "--sandbox", "--repository-url",
                "jdbc:postgresql://127.0.0.1:5432/test?user=ops&password=hunter2", "--home",
                tmp.resolve("home").toString(), "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("error: --repository-url holds a password;")
                .contains("BOTBUDDY_REPOSITORY_PASSWORD").contains("~/.pgpass")
                .doesNotContain("hunter2").doesNotContain("\tat ");
        assertThat(tmp.resolve("home")).as("refused before anything is created").doesNotExist();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodeTable() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("export", "import", "jobs", "restart", "stop", "run", "sandbox")
                .contains("Exit codes:").contains("0  completed").contains("3  the API refused a token (401/403)")
                .contains("4  the same job instance is already running")
                .contains("5  completed, but some rows were rejected or failed (import)");
    }

    @Test
    void everyExportOptionIsExplainedWithItsDefault() {
        Run help = run("export", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--bot-id", "--customer-id", "--type", "--out", "--format", "--date", "--zone",
                "--concurrency", "--max-pages", "--sandbox", "--bot-token-file", "--base-url", "--home",
                "--repository-url").contains("Default: all").contains("Default: reports").contains("Default: csv,xlsx,html")
                .contains("Default: UTC").contains("Default: 4").contains("BOTBUDDY_BOT_TOKEN").contains("Exit codes:");
    }

    @Test
    void anUnknownOptionIsBadUsage() {
        Run r = run("export", "--colour", "blue");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("Unknown option").contains("--help");
    }

    @Test
    void anUnsafeBotIdIsRefusedWithExit2BeforeAnythingRuns() throws IOException {
        Path token = tokenFile("any-token");
        Run r = run("export", "--bot-id", "../../etc", "--customer-id", "c", "--bot-token-file", token.toString(),
                "--home", tmp.resolve("data").toString(), "--out", tmp.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("not a safe folder name").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void badZoneAndBadFormatAreExit2WithAClearMessage() throws IOException {
        Path token = tokenFile("any-token");
        Run zone = run("export", "--bot-id", "b", "--customer-id", "c", "--zone", "Mars/Olympus", "--bot-token-file",
                token.toString(), "--home", tmp.resolve("data").toString());
        assertThat(zone.exit()).isEqualTo(2);
        assertThat(zone.out()).contains("--zone 'Mars/Olympus' is not a time zone");
        Run format = run("export", "--bot-id", "b", "--customer-id", "c", "--format", "pdf", "--bot-token-file",
                token.toString(), "--home", tmp.resolve("data").toString());
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.out()).contains("--format").contains("pdf");
    }

    @Test
    void aDateThatIsNotACalendarDayAsYyyyMmDdIsExit2SayingSoWithoutJavaInternals() {
        for (String bad : java.util.List.of("2026-13-01", "2026-02-30", "2026-2-1", "tomorrow", "+12026-01-01")) {
            Run r = run("export", "--bot-id", "b", "--customer-id", "c", "--date", bad, "--home",
                    tmp.resolve("data").toString());
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.out()).as(bad).contains("error: --date must be a calendar date as YYYY-MM-DD, not '" + bad + "'")
                    .doesNotContain("java.").doesNotContain("Exception").doesNotContain("Invalid value");
        }
        assertThat(tmp.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aDurationThatCannotBeReadIsExit2SayingWhatADurationLooksLike() {
        Run r = run("export", "--bot-id", "b", "--customer-id", "c", "--read-timeout", "ten seconds", "--home",
                tmp.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("error: --read-timeout must be a duration such as 500ms, 10s, 2m or PT10S, not 'ten seconds'")
                .doesNotContain("java.").doesNotContain("Exception").doesNotContain("Invalid value");
        assertThat(tmp.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void aBaseUrlThatIsNotAnHttpUrlIsExit2BeforeAnyJobStartsForExportAndImport() throws IOException {
        Path token = tokenFile("any-token");
        Path home = tmp.resolve("data");
        Run export = run("export", "--bot-id", "b", "--customer-id", "c", "--base-url", "notaurl", "--bot-token-file",
                token.toString(), "--home", home.toString());
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.out()).contains("--base-url must be an absolute http(s) URL, not 'notaurl'")
                .doesNotContain("execution ").doesNotContain("restart");
        Path edits = Files.writeString(tmp.resolve("edits.csv"), "uuid,name\nu-1,Ann\n");
        Run imported = run("import", edits.toString(), "--bot-id", "b", "--customer-id", "c", "--base-url",
                "ftp://files.example", "--bp-token-file", token.toString(), "--home", home.toString());
        assertThat(imported.exit()).isEqualTo(2);
        assertThat(imported.out()).contains("--base-url must be an absolute http(s) URL, not 'ftp://files.example'")
                .doesNotContain("execution ");
        assertThat(home).as("nothing recorded").doesNotExist();
    }

    @Test
    void aBaseUrlFromTheEnvironmentIsCheckedNamingTheVariableAndTheOptionWins() {
        RuntimeOptions runtime = new RuntimeOptions();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> runtime.checkBaseUrl(java.util.Map.of("BOTBUDDY_BASE_URL", "notaurl")))
                .hasMessage("BOTBUDDY_BASE_URL must be an absolute http(s) URL, not 'notaurl'");
        for (String good : java.util.List.of("https://api.v7.express-chat.ai", "http://127.0.0.1:8089/", "HTTPS://h/api")) {
            runtime.checkBaseUrl(java.util.Map.of("BOTBUDDY_BASE_URL", good));
        }
        for (String bad : java.util.List.of("api.v7.express-chat.ai", "http://", "http:/x", "file:///tmp", "http://a b")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> runtime.checkBaseUrl(java.util.Map.of("BOTBUDDY_BASE_URL", bad))).as(bad)
                    .hasMessageContaining("must be an absolute http(s) URL");
        }
        runtime.baseUrl = "http://127.0.0.1:8089";
        runtime.checkBaseUrl(java.util.Map.of("BOTBUDDY_BASE_URL", "notaurl"));
    }

    @Test
    void anEmptyTokenFileIsExit2NamingTheOption() throws IOException {
        Path token = tokenFile("   ");
        Run r = run("export", "--bot-id", "b", "--customer-id", "c", "--bot-token-file", token.toString(), "--home",
                tmp.resolve("data").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--bot-token-file").contains("is empty");
    }

    @Test
    void aTokenTheApiRefusesIsExit3AndTheTokenIsNeverWrittenAnywhere() throws IOException {
        String secret = "wrong-token-5f3a9c1e77";
        Path token = tokenFile(secret);
        Path home = tmp.resolve("data");
        Path out = tmp.resolve("reports");
        Run r = run("export", "--bot-id", SANDBOX.settings().botId(), "--customer-id", SANDBOX.settings().customerId(),
                "--base-url", SANDBOX.baseUrl(), "--bot-token-file", token.toString(), "--home", home.toString(),
                "--out", out.toString(), "--retry-attempts", "1");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("refused").contains("x-bot-token").doesNotContain(secret);

        Run jobs = run("jobs", "--json", "--home", home.toString());
        assertThat(jobs.out()).contains("\"status\" : \"FAILED\"").doesNotContain(secret);
        assertThat(filesContaining(home, secret)).as("job repository files holding the token").isEmpty();
    }

    @Test
    void aListingTheApiRejectsWith400IsExit2WithTheApiTextAndNoRestartHint() throws IOException {
        Path token = tokenFile(SANDBOX.settings().botToken());
        Run r = run("export", "--bot-id", SANDBOX.settings().botId(), "--customer-id", "no such customer",
                "--base-url", SANDBOX.baseUrl(), "--bot-token-file", token.toString(), "--home",
                tmp.resolve("data").toString(), "--out", tmp.resolve("reports").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("the API rejected the listing request (400): customerId is malformed")
                .contains(" — check --bot-id and --customer-id").doesNotContain("restart");
    }

    @Test
    void anUpdateTheApiRejectsWith400IsStillARejectedRowExit5() throws IOException {
        Path token = tokenFile(SANDBOX.settings().bpToken());
        Path edits = Files.writeString(tmp.resolve("edits.csv"),
                "uuid,name\n" + java.util.UUID.nameUUIDFromBytes(new byte[] { 1 }) + ",Ann\n");
        Run r = run("import", edits.toString(), "--bot-id", SANDBOX.settings().botId(), "--customer-id",
                SANDBOX.settings().customerId(), "--base-url", SANDBOX.baseUrl(), "--bp-token-file", token.toString(),
                "--max-error-rate", "100%", "--home", tmp.resolve("data").toString(), "--out",
                tmp.resolve("results").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(5);
        assertThat(r.out()).contains("rejected 1").doesNotContain("listing request");
        assertThat(Files.readString(tmp.resolve("results/results.csv"))).contains("rejected,400,API: no chat with uuid");
    }

    @Test
    void aGoodTokenFromAFileRunsTheExportAndIsNeverWrittenAnywhere() throws IOException {
        String secret = SANDBOX.settings().botToken();
        Path token = tokenFile(secret);
        Path home = tmp.resolve("data");
        Path out = tmp.resolve("reports");
        Run r = run("export", "--bot-id", SANDBOX.settings().botId(), "--customer-id", SANDBOX.settings().customerId(),
                "--base-url", SANDBOX.baseUrl(), "--bot-token-file", token.toString(), "--home", home.toString(),
                "--out", out.toString(), "--date", "2030-05-05");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("execution ").doesNotContain(secret);
        assertThat(out.resolve("demo-customer/demo-bot/2030-05-05/chats.csv")).exists();
        // the last lines before the exit code: where the reports are and the funnel, from funnel.csv's figures
        List<String[]> funnel = Files.readAllLines(out.resolve("demo-customer/demo-bot/2030-05-05/funnel.csv")).stream()
                .map(line -> line.split(",", -1)).toList();
        assertThat(r.out()).containsPattern("completed\nreports: " + java.util.regex.Pattern.quote(
                out.resolve("demo-customer/demo-bot/2030-05-05").toString()) + " \\(300 chats, \\d+ pages\\)\nfunnel: "
                + funnel.get(1)[1] + " conversations -> " + funnel.get(2)[1] + " leads \\(" + funnel.get(2)[2]
                + "%\\) -> .* -> " + funnel.get(5)[1] + " closed \\(" + funnel.get(5)[2] + "%\\)\nexit 0 \\(completed\\)");
        assertThat(filesContaining(home, secret)).isEmpty();
        assertThat(filesContaining(out, secret)).isEmpty();
    }

    @Test
    void anExportOutThatIsAFileOrHasAFileInItsWayIsExit2BeforeAnyJobStarts() throws IOException {
        Path afile = Files.writeString(tmp.resolve("afile"), "x");
        Path home = tmp.resolve("data");
        Run file = run("export", "--sandbox", "--sandbox-chats", "20", "--home", home.toString(), "--out",
                afile.toString());
        assertThat(file.exit()).isEqualTo(2);
        assertThat(file.out()).contains("--out " + afile + " is a file, not a folder").doesNotContain("execution ")
                .doesNotContain("restart");
        Run below = run("export", "--sandbox", "--sandbox-chats", "20", "--home", home.toString(), "--out",
                afile.resolve("sub").toString());
        assertThat(below.exit()).isEqualTo(2);
        assertThat(below.out()).contains("--out " + afile.resolve("sub") + ": " + afile + " is a file, not a folder");
        Path out = Files.createDirectories(tmp.resolve("reports"));
        Files.writeString(out.resolve("demo-customer"), "x");
        Run inside = run("export", "--sandbox", "--sandbox-chats", "20", "--home", home.toString(), "--out",
                out.toString(), "--date", "2030-05-05");
        assertThat(inside.exit()).isEqualTo(2);
        assertThat(inside.out()).contains("--out " + out + ": " + out.resolve("demo-customer")
                + " is a file, not a folder, so " + out.resolve("demo-customer/demo-bot/2030-05-05") + " cannot be created");
        assertThat(home).as("nothing recorded").doesNotExist();
    }

    @Test
    void anImportOfRowsCarryingUpdatedAtWithoutAReadTokenIsExit2NamingItBeforeAnythingIsRecorded() throws IOException {
        Path token = tokenFile(SANDBOX.settings().bpToken());
        int lead = SANDBOX.data().leadIndices()[0];
        Path edits = Files.writeString(tmp.resolve("edits.csv"), "uuid,name,updated_at\n" + SANDBOX.data().uuid(lead)
                + ",Ann," + SANDBOX.data().chat(lead).updatedAt() + "\n");
        Path home = tmp.resolve("data");
        Run r = run("import", edits.toString(), "--bot-id", SANDBOX.settings().botId(), "--customer-id",
                SANDBOX.settings().customerId(), "--base-url", SANDBOX.baseUrl(), "--bp-token-file", token.toString(),
                "--home", home.toString(), "--out", tmp.resolve("results").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("updated_at column").contains("BOTBUDDY_BOT_TOKEN").contains("--bot-token-file")
                .contains("--overwrite-newer").doesNotContain("Exception");
        assertThat(home).as("nothing recorded").doesNotExist();
    }

    @Test
    void aRowOlderThanItsLiveChatIsAConflictExit5AndOverwriteNewerSendsIt() throws IOException {
        Path bp = tokenFile(SANDBOX.settings().bpToken());
        Path bot = Files.writeString(tmp.resolve("bot.token"), SANDBOX.settings().botToken());
        int lead = SANDBOX.data().leadIndices()[1];
        java.time.Instant live = java.time.Instant.parse(SANDBOX.data().chat(lead).updatedAt());
        Path edits = Files.writeString(tmp.resolve("edits.csv"), "uuid,type,name,updated_at\n" + SANDBOX.data().uuid(lead)
                + ",lead,Conflicting Name," + live.minusMillis(1) + "\n");
        List<String> common = List.of(edits.toString(), "--bot-id", SANDBOX.settings().botId(), "--customer-id",
                SANDBOX.settings().customerId(), "--base-url", SANDBOX.baseUrl(), "--bp-token-file", bp.toString(),
                "--bot-token-file", bot.toString(), "--home", tmp.resolve("data").toString());
        List<String> first = new java.util.ArrayList<>(List.of("import"));
        first.addAll(common);
        first.addAll(List.of("--out", tmp.resolve("results").toString()));
        Run r = run(first.toArray(String[]::new));
        assertThat(r.exit()).as(r.out()).isEqualTo(5);
        assertThat(r.out()).contains("conflict 1");
        assertThat(Files.readString(tmp.resolve("results/results.csv"))).contains(",conflict,,\"changed since the export")
                .contains("fields that differ: name");
        assertThat(SANDBOX.data().chat(lead).userDetails().name()).isNotEqualTo("Conflicting Name");

        List<String> again = new java.util.ArrayList<>(List.of("import"));
        again.addAll(common);
        again.addAll(List.of("--out", tmp.resolve("again").toString(), "--overwrite-newer"));
        Run overwrite = run(again.toArray(String[]::new));
        assertThat(overwrite.exit()).as(overwrite.out()).isEqualTo(0);
        assertThat(SANDBOX.data().chat(lead).userDetails().name()).isEqualTo("Conflicting Name");
        assertThat(tmp.resolve("again/undo.csv")).exists();
    }

    @Test
    void anImportOutThatIsAFileIsExit2BeforeAnyJobStarts() throws IOException {
        Path afile = Files.writeString(tmp.resolve("afile"), "x");
        Path edits = Files.writeString(tmp.resolve("edits.csv"), "uuid,name\nu-1,Ann\n");
        Path home = tmp.resolve("data");
        Run r = run("import", edits.toString(), "--bot-id", "b", "--customer-id", "c", "--dry-run", "--out",
                afile.toString(), "--home", home.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--out " + afile + " is a file, not a folder").doesNotContain("execution ")
                .doesNotContain("Exception");
        assertThat(home).as("nothing recorded").doesNotExist();
    }

    @Test
    void anImportConcurrencyOrRateOutOfRangeIsExit2BeforeAnyJobStarts() throws IOException {
        Path edits = Files.writeString(tmp.resolve("edits.csv"), "uuid,name\nu-1,Ann\n");
        Path home = tmp.resolve("data");
        Run concurrency = run("import", edits.toString(), "--bot-id", "b", "--customer-id", "c", "--dry-run",
                "--concurrency", "0", "--out", tmp.resolve("o1").toString(), "--home", home.toString());
        assertThat(concurrency.exit()).isEqualTo(2);
        assertThat(concurrency.out()).contains("--concurrency must be between 1 and 256 (got 0)")
                .doesNotContain("execution ").doesNotContain("Exception");
        Run rate = run("import", edits.toString(), "--bot-id", "b", "--customer-id", "c", "--dry-run",
                "--rate", "-1", "--out", tmp.resolve("o2").toString(), "--home", home.toString());
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.out()).contains("--rate must be 0 (unlimited) or a positive number")
                .doesNotContain("execution ").doesNotContain("Exception");
        assertThat(home).as("nothing recorded").doesNotExist();
    }

    @Test
    void aWorkerPartitionCountOutOfRangeIsExit2BeforeItConnectsAnywhere() {
        Run r = run("worker", "--partitions", "0", "--home", tmp.resolve("w").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("--partitions must be between 1 and 16 (got 0)").doesNotContain("Exception");
    }

    @Test
    void importOfAMissingOrUnsupportedFileIsExit2() throws IOException {
        Run missing = run("import", tmp.resolve("nope.csv").toString(), "--dry-run", "--home", tmp.resolve("d").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).contains("cannot read the input file");
        Path txt = Files.writeString(tmp.resolve("edits.txt"), "uuid\nx\n");
        Run unsupported = run("import", txt.toString(), "--dry-run", "--home", tmp.resolve("d").toString());
        assertThat(unsupported.exit()).isEqualTo(2);
        assertThat(unsupported.out()).doesNotContain("\tat ");
    }

    @Test
    void restartOrStopOfAnUnknownExecutionIsExit2NamingIt() {
        Run nowhere = run("restart", "4242", "--home", tmp.resolve("never-used").toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.out()).contains("no execution 4242");
        assertThat(tmp.resolve("never-used").resolve("botbuddy.mv.db")).as("looking creates no repository").doesNotExist();
        Run restart = run("restart", "4242", "--home", tmp.resolve("d").toString());
        assertThat(restart.exit()).isEqualTo(2);
        assertThat(restart.out()).contains("no execution 4242").contains("scripts/botbuddy jobs");
        Run stop = run("stop", "4242", "--home", tmp.resolve("d").toString());
        assertThat(stop.exit()).isEqualTo(2);
        assertThat(stop.out()).contains("no execution 4242");
    }

    @Test
    void aHomeThatIsAFileIsExit2SayingSoForEveryCommand() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "not a folder");
        Path token = tokenFile("any-token");
        String expected = "--home " + file + " is a file, not a folder";
        for (String[] args : new String[][] { { "jobs" }, { "jobs", "--json" }, { "stop", "1" }, { "restart", "1" },
                { "export", "--bot-id", "b", "--customer-id", "c", "--bot-token-file", token.toString() } }) {
            String[] withHome = Stream.concat(Stream.of(args), Stream.of("--home", file.toString())).toArray(String[]::new);
            Run r = run(withHome);
            assertThat(r.exit()).as(String.join(" ", withHome) + ": " + r.out()).isEqualTo(2);
            assertThat(r.out()).as(args[0]).contains(expected).doesNotContain("\tat ");
        }
        assertThat(file).hasContent("not a folder");
    }

    @Test
    void maxErrorRateAcceptsPercentOrFraction() {
        assertThat(ImportCommand.parseShare("10%")).isEqualTo(0.10);
        assertThat(ImportCommand.parseShare("0.25")).isEqualTo(0.25);
        assertThat(ImportCommand.parseShare("5")).isEqualTo(0.05);
        assertThat(ImportCommand.parseShare("1%")).isEqualTo(0.01);
        assertThat(ImportCommand.parseShare("100%")).isEqualTo(1.0);
        assertThat(ImportCommand.parseShare("1.5")).isEqualTo(0.015);
        for (String ambiguous : java.util.List.of("1", " 1.0 ", "1.00")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportCommand.parseShare(ambiguous))
                    .as(ambiguous).hasMessageContaining("is ambiguous: write 1% (or 0.01)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImportCommand.parseShare("lots"))
                .hasMessageContaining("--max-error-rate");
    }

    private Path tokenFile(String token) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "token", ".txt"), token);
    }

    static java.util.List<Path> filesContaining(Path root, String needle) throws IOException {
        if (!Files.exists(root)) {
            return java.util.List.of();
        }
        byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return indexOf(Files.readAllBytes(f), pattern) >= 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
