package com.botbuddy.batch.cli;

import static com.botbuddy.batch.cli.CommandLineContractTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.cli.CommandLineContractTest.Run;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.RepositorySettings;

/** The {@code jobs} listing: it only looks, and says plainly what it found or what was wrong with the question. */
class JobsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listingAHomeWithNoRepositorySaysSoAndCreatesNothing() {
        Path home = tmp.resolve("nonexistent/dir");
        Run table = run("jobs", "--home", home.toString());
        assertThat(table.exit()).as(table.out()).isZero();
        assertThat(table.out().strip()).isEqualTo("no job executions yet (no job repository in " + home + ")");
        Run json = run("jobs", "--home", home.toString(), "--json");
        assertThat(json.exit()).as(json.out()).isZero();
        assertThat(json.out().strip()).isEqualTo("[ ]");
        assertThat(home).as("listing creates neither the folder nor a repository").doesNotExist();
    }

    @Test
    void aRepositoryWhoseFirstJobIsStillCreatingItsTablesListsNothingAndStopsNothing() throws Exception {
        Path home = tmp.resolve("data");
        RepositorySettings repository = RepositorySettings.resolve(home, null, Map.of());
        try (com.botbuddy.batch.ops.SharedH2DataSource created = com.botbuddy.batch.ops.SharedH2DataSource.pooled(
                repository.jdbcUrl(), repository.jdbcUser(), repository.jdbcPassword());
                java.sql.Connection c = created.getConnection()) {
            assertThat(c.isValid(1)).as("the database file exists, its tables not yet").isTrue();
        }
        Run json = run("jobs", "--json", "--home", home.toString());
        assertThat(json.exit()).as(json.out()).isZero();
        assertThat(json.out().strip()).isEqualTo("[ ]");
        Run table = run("jobs", "--home", home.toString());
        assertThat(table.out().strip()).as(table.out()).isEqualTo("no job executions yet");
        Run stop = run("stop", "1", "--home", home.toString());
        assertThat(stop.exit()).as(stop.out()).isEqualTo(2);
        assertThat(stop.out()).contains("no execution 1 in the job repository (it has none yet)").doesNotContain("\tat ");
    }

    @Test
    void lastBelowOneIsBadUsage() {
        Run zero = run("jobs", "--last", "0", "--home", tmp.resolve("d").toString());
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.out()).contains("--last must be at least 1, not 0").doesNotContain("\tat ");
        Run negative = run("jobs", "--last", "-3", "--home", tmp.resolve("d").toString());
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.out()).contains("--last must be at least 1, not -3");
    }

    @Test
    void anUnknownStatusIsBadUsageNamingTheAllowedOnes() {
        Run bogus = run("jobs", "--status", "BOGUS", "--home", tmp.resolve("d").toString());
        assertThat(bogus.exit()).isEqualTo(2);
        assertThat(bogus.out()).contains("--status").contains("BOGUS")
                .contains("COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "ABANDONED", "UNKNOWN")
                .doesNotContain("no job executions");
    }

    @Test
    void aValidStatusInAnyCaseWithNoMatchesSaysWhichStatusHasNone() {
        Path home = tmp.resolve("data");
        try (ConfigurableApplicationContext ctx = BatchContext.open(RepositorySettings.resolve(home, null, Map.of()),
                Map.of("botbuddy.quiet", true))) {
            assertThat(ctx.isActive()).isTrue();
        }
        Run failed = run("jobs", "--status", "failed", "--home", home.toString());
        assertThat(failed.exit()).as(failed.out()).isZero();
        assertThat(failed.out().strip()).isEqualTo("no FAILED job executions");
        Run any = run("jobs", "--home", home.toString());
        assertThat(any.out().strip()).isEqualTo("no job executions yet");
        Run json = run("jobs", "--status", "Completed", "--json", "--home", home.toString());
        assertThat(json.exit()).isZero();
        assertThat(json.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void readAndWrittenCountEachItemOnceTheExportsPagesAndChatsAndTheImportsRowsAndUpdates() throws Exception {
        Path home = tmp.resolve("data");
        Path out = tmp.resolve("out");
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Run export = run("export", "--sandbox", "--sandbox-chats", "120", "--date", "2031-01-02", "--home",
                home.toString(), "--out", out.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        Path folder = out.resolve("demo-customer/demo-bot/2031-01-02");
        tools.jackson.databind.JsonNode runJson = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(folder.resolve("run.json").toFile());

        StringBuilder edits = new StringBuilder("uuid,status\n");
        try (com.opencsv.CSVReader chats = new com.opencsv.CSVReader(java.nio.file.Files.newBufferedReader(
                folder.resolve("chats.csv")))) {
            chats.readNext();
            for (int i = 0; i < 3; i++) {
                edits.append(chats.readNext()[1]).append(",CLOSED\n");
            }
        }
        edits.append("not-a-uuid,CLOSED\n");
        java.nio.file.Files.writeString(tmp.resolve("edits.csv"), edits);
        Run imported = run("import", tmp.resolve("edits.csv").toString(), "--sandbox", "--max-error-rate", "50%",
                "--home", home.toString(),
                "--out", tmp.resolve("imported").toString());
        assertThat(imported.exit()).as(imported.out()).isEqualTo(5);
        List<String> results = java.nio.file.Files.readAllLines(tmp.resolve("imported/results.csv"));
        long updated = results.stream().filter(line -> line.contains(",updated,")).count();

        Run json = run("jobs", "--json", "--home", home.toString());
        tools.jackson.databind.JsonNode rows = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json.out());
        tools.jackson.databind.JsonNode importRow = rows.get(0);
        tools.jackson.databind.JsonNode exportRow = rows.get(1);
        assertThat(exportRow.get("job").asString()).isEqualTo("export");
        assertThat(exportRow.get("read").asLong()).as("pages").isEqualTo(runJson.get("pagesRead").asLong());
        assertThat(exportRow.get("written").asLong()).as("chats reported").isEqualTo(120);
        assertThat(importRow.get("job").asString()).isEqualTo("import");
        assertThat(importRow.get("read").asLong()).as("data rows of the file").isEqualTo(4);
        assertThat(updated).isEqualTo(3);
        assertThat(importRow.get("written").asLong()).as("rows updated").isEqualTo(updated);

        java.time.Instant exportStart = java.time.OffsetDateTime.parse(exportRow.get("startTime").asString()).toInstant();
        java.time.Instant exportEnd = java.time.OffsetDateTime.parse(exportRow.get("endTime").asString()).toInstant();
        java.time.Instant importStart = java.time.OffsetDateTime.parse(importRow.get("startTime").asString()).toInstant();
        assertThat(exportStart).as("times carry their offset, so they read as the instants they were")
                .isBetween(before, exportEnd);
        assertThat(importStart).isAfterOrEqualTo(exportEnd).isBefore(java.time.Instant.now());
        assertThat(exportRow.get("startTime").asString()).as("one shape, milliseconds and offset")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})");
    }

    @Test
    void aRemoteExportThatDidNotCompleteListsEachTargetsPartitionsPagesAndReports() {
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2031, 5, 6, 2, 0);
        com.botbuddy.batch.ops.ExecutionListing.Row failed = new com.botbuddy.batch.ops.ExecutionListing.Row(7,
                "remoteExport", "FAILED", "FAILED", start, start.plusMinutes(3), 61, 0, 0,
                Map.of("targets", "bot-a/cust,bot-b/cust", "date", "2031-05-06"));
        var progress = Map.of(7L, java.util.List.of(
                new com.botbuddy.batch.ops.ExecutionListing.TargetProgress(1, "bot-a/cust", 2, 2, 0, 41, "COMPLETED"),
                new com.botbuddy.batch.ops.ExecutionListing.TargetProgress(2, "bot-b/cust", 2, 1, 1, 20, "not yet")));

        String table = JobsCommand.toTable(java.util.List.of(failed), null, progress);

        assertThat(table).contains("remoteExport 2 targets 2031-05-06");
        assertThat(table.lines().filter(l -> l.startsWith(" ")).toList()).containsExactly(
                "                    t1 bot-a/cust                            partitions 2/2 done, 41 pages, reports completed",
                "                    t2 bot-b/cust                            partitions 1/2 done, 1 failed or stopped, 20 pages,"
                        + " reports not yet");
        assertThat(JobsCommand.toJson(java.util.List.of(failed), progress)).contains("\"targets\" : [ {")
                .contains("\"failed\" : 1");
    }
}
