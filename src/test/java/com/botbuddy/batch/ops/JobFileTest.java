package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.JobFile.Invocation;

class JobFileTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 14);
    private static final Path CWD = Path.of("/opt/botbuddy");

    @TempDir
    Path dir;

    private JobFile write(String text) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return JobFile.load(file);
    }

    private static List<List<String>> args(JobFile job) {
        return job.invocations(TODAY, CWD).stream().map(Invocation::args).toList();
    }

    @Test
    void exportWithSeveralTargetsBecomesOneExportCommandPerTargetInFileOrder() throws Exception {
        JobFile job = write("""
                job=export
                targets=botA/custA, botB/custB
                type=lead
                out=reports/nightly
                format=csv
                zone=Europe/Berlin
                concurrency=8
                max-pages=500
                since=14
                """);
        assertThat(job.kind()).isEqualTo(JobFile.Kind.EXPORT);
        assertThat(job.targets()).extracting(JobFile.Target::label).containsExactly("botA/custA", "botB/custB");
        assertThat(args(job)).containsExactly(
                List.of("export", "--bot-id", "botA", "--customer-id", "custA", "--type", "lead", "--date", "2026-03-14",
                        "--zone", "Europe/Berlin", "--out", "/opt/botbuddy/reports/nightly", "--format", "csv",
                        "--concurrency", "8", "--max-pages", "500", "--since", "14"),
                List.of("export", "--bot-id", "botB", "--customer-id", "custB", "--type", "lead", "--date", "2026-03-14",
                        "--zone", "Europe/Berlin", "--out", "/opt/botbuddy/reports/nightly", "--format", "csv",
                        "--concurrency", "8", "--max-pages", "500", "--since", "14"));
    }

    @Test
    void minimalExportLeavesEveryOtherOptionToTheCommandDefaultsButFixesTheDate() throws Exception {
        JobFile job = write("job=export\nbot-id=b1\ncustomer-id=c1\n# comment\nformat=\n");
        assertThat(args(job)).containsExactly(List.of("export", "--bot-id", "b1", "--customer-id", "c1", "--date", "2026-03-14"));
        assertThat(job.restartFailed()).isTrue();
        assertThat(job.type()).isEqualTo("all");
    }

    @Test
    void targetsMaySpanLinesAndBeSeparatedBySpaces() throws Exception {
        JobFile job = write("job=export\ntargets=a/b \\\n   c/d,e/f\n");
        assertThat(job.targets()).extracting(JobFile.Target::label).containsExactly("a/b", "c/d", "e/f");
    }

    @Test
    void dateKeywordsAndExplicitDatesAreResolvedOnceInTheZone() throws Exception {
        assertThat(write("job=export\ntargets=a/b\ndate=yesterday\n").runDate(TODAY)).isEqualTo("2026-03-13");
        assertThat(write("job=export\ntargets=a/b\ndate=today\n").runDate(TODAY)).isEqualTo("2026-03-14");
        assertThat(write("job=export\ntargets=a/b\ndate=2025-12-31\n").runDate(TODAY)).isEqualTo("2025-12-31");
    }

    @Test
    void sandboxExportNeedsNoTargetAndPassesSandboxOptions() throws Exception {
        JobFile job = write("job=export\nsandbox=true\nsandbox-chats=50\nrestart-failed=false\n");
        assertThat(args(job)).containsExactly(List.of("export", "--date", "2026-03-14", "--sandbox", "--sandbox-chats", "50"));
        assertThat(job.restartFailed()).isFalse();
    }

    @Test
    void importBecomesImportCommandWithPathsResolvedAgainstTheCurrentDirectory() throws Exception {
        JobFile job = write("""
                job=import
                file=imports/leads.csv
                sheet=Лиды
                dry-run=true
                out=/var/reports/imp
                concurrency=2
                rate=5
                max-error-rate=0.1
                force=true
                overwrite-newer=true
                """);
        assertThat(args(job)).containsExactly(List.of("import", "/opt/botbuddy/imports/leads.csv", "--sheet", "Лиды",
                "--dry-run", "--out", "/var/reports/imp", "--concurrency", "2", "--rate", "5", "--max-error-rate", "0.1",
                "--force", "--overwrite-newer"));
        assertThat(job.targets()).extracting(JobFile.Target::botId).containsExactly((String) null);
        assertThat(job.restartFailed()).isFalse();
    }

    @Test
    void importWithTargetsRunsTheFileOncePerTarget() throws Exception {
        JobFile job = write("job=import\nfile=/data/x.xlsx\ntargets=a/b,c/d\n");
        assertThat(args(job)).containsExactly(
                List.of("import", "/data/x.xlsx", "--bot-id", "a", "--customer-id", "b"),
                List.of("import", "/data/x.xlsx", "--bot-id", "c", "--customer-id", "d"));
    }

    @Test
    void unknownKeyIsRejectedNamingItAndListingTheKnownKeys() {
        assertThatThrownBy(() -> write("job=export\ntargets=a/b\nformats=csv\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'formats'")
                .hasMessageContaining("known keys for job=export: job, targets, bot-id, customer-id, out")
                .hasMessageContaining("format")
                .hasMessageContaining("restart-failed");
    }

    @Test
    void keyOfTheOtherJobKindIsRejectedSayingWhereItBelongs() {
        assertThatThrownBy(() -> write("job=export\ntargets=a/b\nfile=x.csv\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'file' (it applies only to job=import)");
    }

    @Test
    void tokenLikeKeysAreRejectedByNameWithoutShowingTheirValue() {
        for (String key : List.of("bot-token", "BOTBUDDY_BP_TOKEN", "repository.password", "client-secret", "api-key")) {
            assertThatThrownBy(() -> write("job=export\ntargets=a/b\n" + key + "=s3cr3t-VALUE-42\n"))
                    .as(key)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("key '" + key + "' looks like a token, password or secret")
                    .hasMessageNotContaining("s3cr3t-VALUE-42");
        }
    }

    @Test
    void aSecretIsRejectedEvenWhenTheRestOfTheFileIsInvalid() {
        assertThatThrownBy(() -> write("bot_token=zq9XYZ\n"))
                .hasMessageContaining("'bot_token' looks like a token")
                .hasMessageNotContaining("zq9XYZ");
    }

    @Test
    void missingFileIsInvalidInput() {
        assertThatThrownBy(() -> JobFile.load(dir.resolve("nope.properties")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void malformedShapesAreRejected() {
        assertThatThrownBy(() -> write("targets=a/b\n")).hasMessageContaining("'job' is required");
        assertThatThrownBy(() -> write("job=copy\n")).hasMessageContaining("job must be export or import");
        assertThatThrownBy(() -> write("job=export\n")).hasMessageContaining("no target");
        assertThatThrownBy(() -> write("job=export\ntargets=a\n")).hasMessageContaining("target 'a' is not botId/customerId");
        assertThatThrownBy(() -> write("job=export\ntargets=a/b/c\n")).hasMessageContaining("not botId/customerId");
        assertThatThrownBy(() -> write("job=export\ntargets=a/b,a/b\n")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> write("job=export\ntargets=a/b\nbot-id=x\n")).hasMessageContaining("either targets=");
        assertThatThrownBy(() -> write("job=export\nbot-id=x\n")).hasMessageContaining("go together");
        assertThatThrownBy(() -> write("job=export\ntargets=a/b\nsandbox=yes\n")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> write("job=export\ntargets=a/b\nzone=Mars/Base\n")).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> write("job=import\n")).hasMessageContaining("needs file=");
    }

    @Test
    void nonUtf8FileIsRejected() throws Exception {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "job=export\ntargets=b\u00e4r/c\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> JobFile.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void shippedNightlyExportIsAValidSandboxExportWithRestartFailed() {
        JobFile job = JobFile.load(Path.of("jobs/nightly-export.properties"));
        assertThat(job.kind()).isEqualTo(JobFile.Kind.EXPORT);
        assertThat(job.flag("sandbox", false)).isTrue();
        assertThat(job.restartFailed()).isTrue();
        assertThat(job.targets()).extracting(JobFile.Target::label).containsExactly("demo-bot/demo-customer");
    }

    @Test
    void shippedExampleImportIsADryRun() {
        JobFile job = JobFile.load(Path.of("jobs/example-import.properties"));
        assertThat(job.kind()).isEqualTo(JobFile.Kind.IMPORT);
        assertThat(job.flag("dry-run", false)).isTrue();
        assertThat(job.value("file")).isNotBlank();
    }
}
