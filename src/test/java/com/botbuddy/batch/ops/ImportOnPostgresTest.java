package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;
import com.opencsv.RFC4180Parser;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The import on the production job repository, PostgreSQL (skipped with the reason when the local server does
 * not answer): an export's chats.csv imported against the sandbox sends every row, and the same file again
 * is recognised as done (its identity, the file's SHA-256 with bot and customer, is found in PostgreSQL).
 */
class ImportOnPostgresTest {
    @TempDir
    Path dir;

    @Test
    void anExportsChatsCsvImportsOnPostgresAndTheSameFileAgainIsRecognisedAsDone() throws IOException {
        Repo repo = Repo.postgres();
        Path logs = dir.resolve("logs");
        Result export = BotbuddyProcess.run(logs, "export", java.util.Map.of(), List.of("export", "--sandbox",
                "--home", dir.resolve("h2").toString(), "--out", dir.resolve("reports").toString(), "--quiet"));
        assertThat(export.exitCode()).as(export.output()).isZero();
        Path exported;
        try (var files = Files.walk(dir.resolve("reports"))) {
            exported = files.filter(f -> f.getFileName().toString().equals("chats.csv")).findFirst().orElseThrow();
        }
        // the shared database remembers earlier runs: one edited name makes this file (and its identity) new
        List<String[]> lines;
        try (CSVReader reader = new CSVReaderBuilder(Files.newBufferedReader(exported, StandardCharsets.UTF_8))
                .withCSVParser(new RFC4180Parser()).build()) {
            lines = reader.readAll();
        } catch (com.opencsv.exceptions.CsvException e) {
            throw new IOException(e);
        }
        lines.get(1)[List.of(lines.get(0)).indexOf("name")] = "PG import " + System.nanoTime();
        Path file = dir.resolve("leads.csv");
        try (CSVWriter writer = new CSVWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                "\r\n")) {
            writer.writeAll(lines, false);
        }
        long rows = lines.size() - 1;

        Result first1 = BotbuddyProcess.run(logs, "import", repo.env(), ProcessTestSupport.command(repo, "import",
                "--sandbox", "--out", dir.resolve("out1").toString(), file.toString()));
        assertThat(first1.exitCode()).as(first1.output()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(dir.resolve("out1").resolve("summary.json").toFile());
        assertThat(summary.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(summary.get("rowsRead").asLong()).isEqualTo(rows);
        assertThat(summary.get("updated").asLong()).isEqualTo(rows);
        assertThat(summary.get("rejected").asLong()).isZero();

        Result again = BotbuddyProcess.run(logs, "import-again", repo.env(), ProcessTestSupport.command(repo, "import",
                "--sandbox", "--out", dir.resolve("out2").toString(), file.toString()));
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.stdout()).as(again.output()).contains("already imported for this bot and customer");
        assertThat(dir.resolve("out2").resolve("summary.json")).doesNotExist();
    }
}
