package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChatReportFilesTest {
    @TempDir
    Path root;

    private Path folder() {
        return root.resolve("reports/cust-1/bot-1/2024-03-07");
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filesAppearOnlyAfterFinishUnderTheirFinalNames() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), TestChats.both()))) {
            report.add(TestChats.full());
            assertThat(names()).containsExactly(".chats.csv.tmp", ".report.xlsx.tmp");
            report.finish(TestChats.FACTS);
            assertThat(names()).containsExactly("agents.csv", "chats.csv", "daily.csv", "funnel.csv", "report.html",
                    "report.xlsx", "run.json", "status.csv");
        }
        assertThat(names()).hasSize(8);
    }

    @Test
    void closeWithoutFinishLeavesNoFinalAndNoTemporaryFiles() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), TestChats.both()))) {
            report.add(TestChats.full());
        }
        assertThat(names()).isEmpty();
    }

    @Test
    void closeWithoutFinishKeepsTheFilesOfAnEarlierRun() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.add(TestChats.full());
            report.finish(TestChats.FACTS);
        }
        String before = ChatsCsvTest.content(folder().resolve("chats.csv"));
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.add(TestChats.bare());
        }
        assertThat(ChatsCsvTest.content(folder().resolve("chats.csv"))).isEqualTo(before);
        assertThat(names()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void aRerunReplacesTheFilesWhole() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.add(TestChats.full());
            report.add(TestChats.bare());
            report.finish(TestChats.FACTS);
        }
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.add(TestChats.bare());
            report.finish(TestChats.FACTS);
        }
        List<String[]> rows = ChatsCsvTest.read(folder().resolve("chats.csv"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)[0]).isEqualTo("bare-1");
    }

    @Test
    void aRerunWithFewerFormatsLeavesNoFileOfTheEarlierRun() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV,
                ReportFormat.XLSX)))) {
            report.add(TestChats.full());
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).contains("report.xlsx", "chats.csv");
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.XLSX)))) {
            report.add(TestChats.bare());
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).containsExactly("report.xlsx", "run.json");
    }

    @Test
    void csvOnlyWritesNoWorkbook() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.add(TestChats.full());
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).containsExactly("agents.csv", "chats.csv", "daily.csv", "funnel.csv", "run.json",
                "status.csv");
    }

    @Test
    void xlsxOnlyWritesNoCsv() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.XLSX)))) {
            report.add(TestChats.full());
            // until finish, only the workbook, its Chats sheet streaming into it under a hidden temporary name
            assertThat(names()).containsExactly(".report.xlsx.tmp");
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).containsExactly("report.xlsx", "run.json");
    }

    @Test
    void runJsonHoldsTheRunFactsCountsFunnelAndFiles() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), TestChats.both()))) {
            for (TypedChat chat : TestChats.handMadeSet()) {
                report.add(chat);
            }
            report.finish(TestChats.FACTS);
        }
        JsonNode json = JsonMapper.builder().build().readTree(folder().resolve("run.json").toFile());
        assertThat(json.get("botId").asString()).isEqualTo("bot-1");
        assertThat(json.get("customerId").asString()).isEqualTo("cust-1");
        assertThat(json.get("runDate").asString()).isEqualTo("2024-03-07");
        assertThat(json.get("zone").asString()).isEqualTo("Z");
        assertThat(json.get("runStartedAt").asString()).isEqualTo("2024-03-07T06:00:00Z");
        assertThat(json.get("durationMs").asLong()).as("the facts' 1,234 ms, and the time the workbook took since")
                .isGreaterThan(1234L).isLessThan(61_234L);
        assertThat(json.get("jobExecutionId").asLong()).isEqualTo(42);
        assertThat(json.get("pagesRead").asLong()).isEqualTo(7);
        assertThat(json.get("duplicatesDropped").asLong()).isEqualTo(3);
        assertThat(json.get("chats").asLong()).isEqualTo(10);
        assertThat(json.get("counts").get("lead").asLong()).isEqualTo(7);
        assertThat(json.get("counts").get("non-lead").asLong()).isEqualTo(3);
        assertThat(json.get("undated").asLong()).isEqualTo(2);
        assertThat(json.get("funnel")).hasSize(5);
        assertThat(json.get("funnel").get(2).get("stage").asString()).isEqualTo("contactable");
        assertThat(json.get("funnel").get(2).get("pctOfPrevious").asDouble()).isEqualTo(57.1);
        assertThat(json.get("files").valueStream().map(JsonNode::asString)).containsExactly("chats.csv",
                "funnel.csv", "status.csv", "agents.csv", "daily.csv", "report.xlsx", "report.html", "run.json");
        assertThat(ChatsCsvTest.content(folder().resolve("run.json"))).contains("\n  \"botId\"");
    }

    @Test
    void leftoverTemporaryFilesOfAKilledRunAreReplaced() throws Exception {
        Files.createDirectories(folder());
        Files.writeString(folder().resolve(".report.xlsx.tmp"), "half a workbook");
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).noneMatch(name -> name.endsWith(".tmp"));
    }

    @Test
    void theWorkbookPartsAKilledRunLeftAreRemovedByTheNextRun() throws Exception {
        Files.createDirectories(folder());
        Files.writeString(folder().resolve(".report-parts456.tmp"), "");
        Files.writeString(folder().resolve(".notes.tmp"), "not ours");
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), TestChats.both()))) {
            report.add(TestChats.full());
            report.finish(TestChats.FACTS);
        }
        assertThat(names()).containsExactly(".notes.tmp", "agents.csv", "chats.csv", "daily.csv", "funnel.csv",
                "report.html", "report.xlsx", "run.json", "status.csv");
    }

    @Test
    void addAfterFinishIsRefused() throws Exception {
        try (ChatReport report = ChatReport.open(TestChats.request(folder(), EnumSet.of(ReportFormat.CSV)))) {
            report.finish(TestChats.FACTS);
            assertThatThrownBy(() -> report.add(TestChats.full())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void formatsAreParsedFromACommaList() {
        assertThat(ReportFormat.parse("csv,xlsx")).containsExactlyInAnyOrder(ReportFormat.CSV, ReportFormat.XLSX);
        assertThat(ReportFormat.parse("csv,html")).containsExactlyInAnyOrder(ReportFormat.CSV, ReportFormat.HTML);
        assertThat(ReportFormat.parse(" XLSX ")).containsExactly(ReportFormat.XLSX);
        assertThatThrownBy(() -> ReportFormat.parse("csv,pdf")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pdf");
        assertThatThrownBy(() -> ReportFormat.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
