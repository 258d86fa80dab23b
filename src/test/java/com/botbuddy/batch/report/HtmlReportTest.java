package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.report.ReportFigures.AgentRow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code report.html} as written by {@link ChatReport} for {@link HtmlReportFixture}'s export. */
class HtmlReportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** An executable inline script as the template writes it: a {@code <script>} element without attributes. */
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern INLINE_STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    @TempDir
    Path folder;

    private String page() throws Exception {
        HtmlReportFixture.export(folder, EnumSet.of(ReportFormat.CSV, ReportFormat.HTML));
        return HtmlReportFixture.html(folder);
    }

    private static Map<String, List<String>> csp(Document doc) {
        Element meta = doc.selectFirst("head > meta[http-equiv=Content-Security-Policy]");
        assertThat(meta).as("a Content-Security-Policy meta element in the head").isNotNull();
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String directive : meta.attr("content").split(";")) {
            List<String> words = Arrays.asList(directive.strip().split("\\s+"));
            directives.put(words.get(0), words.subList(1, words.size()));
        }
        return directives;
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    }

    private static List<String> all(Pattern pattern, String html) {
        List<String> bodies = new ArrayList<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            bodies.add(m.group(1));
        }
        return bodies;
    }

    private static JsonNode chartData(String html) {
        Element block = Jsoup.parse(html).selectFirst("script#report-data[type=application/json]");
        assertThat(block).as("the chart data block").isNotNull();
        return JSON.readTree(block.data());
    }

    private static JsonNode chart(JsonNode data, String id) {
        for (JsonNode chart : data.get("charts")) {
            if (chart.get("id").asString().equals(id)) {
                return chart;
            }
        }
        throw new AssertionError("no chart " + id);
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static List<Long> longs(JsonNode array) {
        return array.valueStream().map(JsonNode::asLong).toList();
    }

    private List<String[]> csv(String name) throws Exception {
        return ChatsCsvTest.read(folder.resolve(name)).stream().skip(1).toList();
    }

    @Test
    void theContentSecurityPolicyAllowsOnlyThePagesOwnScriptsAndStyleByTheirHashes() throws Exception {
        String html = page();
        Document doc = Jsoup.parse(html);
        Map<String, List<String>> csp = csp(doc);

        List<String> scripts = all(INLINE_SCRIPT, html);
        assertThat(scripts).as("Chart.js and the page's own script").hasSize(2);
        assertThat(doc.select("script:not([type])")).extracting(Element::data).containsExactlyElementsOf(scripts);
        List<String> scriptHashes = new ArrayList<>();
        for (String script : scripts) {
            scriptHashes.add(sha256(script));
        }
        List<String> styles = all(INLINE_STYLE, html);
        assertThat(styles).hasSize(1);

        assertThat(csp.get("default-src")).containsExactly("'none'");
        assertThat(csp.get("script-src")).containsExactlyInAnyOrderElementsOf(scriptHashes);
        assertThat(csp.get("style-src")).containsExactly(sha256(styles.get(0)));
        assertThat(csp.get("base-uri")).containsExactly("'none'");
        assertThat(csp.values()).flatMap(words -> words).allSatisfy(source -> assertThat(source)
                .as("only 'none' and hashes").matches("'none'|'sha256-[A-Za-z0-9+/]+={0,2}'"));
        assertThat(doc.select("script[src], [style], [onload], [onerror], [onclick]")).isEmpty();
    }

    @Test
    void thePageNamesNoSourceItWouldLoad() throws Exception {
        String html = page();
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("[src], [href], [srcset], [action], [poster], [data], link, img, iframe, object, embed,"
                + " base, form, video, audio, source")).isEmpty();
        // the only URLs are in the /*! ... */ licence comments of Chart.js and the colour library it bundles
        String withoutLicences = html.replaceAll("(?s)/\\*!.*?\\*/", "");
        assertThat(html.length() - withoutLicences.length()).as("licence comments kept").isPositive();
        assertThat(withoutLicences.toLowerCase()).doesNotContain("http:", "https:", "://", "sourcemappingurl");
        assertThat(all(INLINE_STYLE, html)).singleElement().asString().doesNotContain("url(", "@import");
    }

    @Test
    void hostileAgentIdsStayTextInTheMarkup() throws Exception {
        String html = page();
        assertThat(html).as("the raw ids that are markup").doesNotContain(HtmlReportFixture.SCRIPT_ID,
                HtmlReportFixture.ATTRIBUTE_ID, "<img", "<svg");
        assertThat(all(INLINE_SCRIPT, html)).as("no id in the page's scripts").noneMatch(script -> script.contains("alert("));
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("img, svg, [onerror], [onload]")).isEmpty();
        assertThat(doc.select("script")).hasSize(3);
        List<String> agentCells = doc.select("#agents tbody tr").stream()
                .map(row -> row.selectFirst("td").text()).toList();
        assertThat(agentCells.subList(0, 3)).as("each id as the text of its cell")
                .containsExactlyElementsOf(HtmlReportFixture.HOSTILE_IDS);
    }

    @Test
    void hostileAgentIdsStayTextInTheChartData() throws Exception {
        String html = page();
        String block = Jsoup.parse(html).selectFirst("script#report-data").data();
        assertThat(block).as("no character that could end the data block").doesNotContain("<", ">", "&");
        assertThat(block).contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
        assertThat(strings(chart(chartData(html), "agents").get("labels")).subList(0, 3))
                .containsExactlyElementsOf(HtmlReportFixture.HOSTILE_IDS);
    }

    @Test
    void hostileBotAndCustomerIdsAreEscapedInTheTitleAndFacts() throws Exception {
        String html = page();
        assertThat(html).doesNotContain(HtmlReportFixture.BOT_ID, HtmlReportFixture.CUSTOMER_ID, "<script>alert");
        Document doc = Jsoup.parse(html);
        assertThat(doc.title()).contains(HtmlReportFixture.BOT_ID, HtmlReportFixture.CUSTOMER_ID);
        Map<String, String> facts = new LinkedHashMap<>();
        doc.select("#run dl div").forEach(fact -> facts.put(fact.selectFirst("dt").text(), fact.selectFirst("dd").text()));
        assertThat(facts).containsEntry("bot", HtmlReportFixture.BOT_ID)
                .containsEntry("customer", HtmlReportFixture.CUSTOMER_ID).containsEntry("run date", "2024-03-10")
                .containsEntry("run time", "2024-03-10 05:00:00").containsEntry("zone", "Z")
                .containsEntry("chats", "503").containsEntry("leads", "383").containsEntry("non-leads", "120")
                .containsEntry("pages read", "12").containsEntry("duplicates dropped", "1")
                .containsEntry("job execution", "77").containsKey("duration");
    }

    @Test
    void agentsShowTheTwentyWithTheMostLeadsAndTheRestAsOneOthersBar() throws Exception {
        String html = page();
        List<String[]> agentsCsv = csv("agents.csv");
        assertThat(agentsCsv).as("27 agents and (unassigned)").hasSize(28);
        JsonNode agents = chart(chartData(html), "agents");
        List<String> labels = strings(agents.get("labels"));
        List<String> expected = new ArrayList<>(HtmlReportFixture.HOSTILE_IDS);
        for (int n = 24; n >= 8; n--) {
            expected.add(String.format("agent-%02d", n));
        }
        expected.add("others (8 agents)"); // agent-01 to agent-07 and (unassigned)
        assertThat(labels).containsExactlyElementsOf(expected);
        long othersLeads = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 2;
        assertThat(longs(agents.get("series").get(0).get("data"))).hasSize(21).endsWith(othersLeads)
                .startsWith(30L, 26L, 25L, 24L);
        long othersClosed = agentsCsv.stream().filter(row -> !labels.contains(row[0]))
                .mapToLong(row -> Long.parseLong(row[3])).sum();
        assertThat(longs(agents.get("series").get(1).get("data"))).last().isEqualTo(othersClosed);

        Document doc = Jsoup.parse(html);
        assertThat(doc.select("#agents tbody tr").stream().map(row -> row.selectFirst("td").text()))
                .containsExactlyElementsOf(expected);
        assertThat(doc.select("#agents tbody tr").last().select("td").eachText())
                .containsExactly("others (8 agents)", "30", Long.toString(othersWorked(agentsCsv, labels)),
                        Long.toString(othersClosed), closeRate(othersClosed, othersLeads));
        assertThat(doc.selectFirst("#agents .note").text()).contains("20 of 28 agents");
    }

    private static long othersWorked(List<String[]> agentsCsv, List<String> shown) {
        return agentsCsv.stream().filter(row -> !shown.contains(row[0])).mapToLong(row -> Long.parseLong(row[2])).sum();
    }

    private static String closeRate(long closed, long leads) {
        return Percent.text(Percent.of(closed, leads)) + " %";
    }

    private static ReportFigures withAgents(List<AgentRow> agents) {
        return new ReportFigures(0, 0, 0, 0, List.of(), List.of(), agents, List.of());
    }

    @Test
    void twentyAgentsOrFewerAreShownWithoutAnOthersBar() {
        List<AgentRow> agents = new ArrayList<>();
        for (int n = 1; n <= ReportFigures.TOP_AGENTS; n++) {
            agents.add(new AgentRow("a" + n, n, 0, 0, null));
        }
        assertThat(HtmlReport.topAgents(withAgents(agents))).hasSize(20).first().extracting(AgentRow::agentId).isEqualTo("a20");
        agents.add(new AgentRow("a0", 0, 0, 0, null));
        assertThat(HtmlReport.topAgents(withAgents(agents))).hasSize(21).last()
                .isEqualTo(new AgentRow(HtmlReport.othersLabel(1), 0, 0, 0, null));
    }

    @Test
    void theChartsAndTablesHoldTheFiguresOfTheCsvs() throws Exception {
        String html = page();
        JsonNode data = chartData(html);
        Document doc = Jsoup.parse(html);

        List<String[]> funnel = csv("funnel.csv");
        JsonNode funnelChart = chart(data, "funnel");
        assertThat(strings(funnelChart.get("labels"))).containsExactlyElementsOf(funnel.stream().map(r -> r[0]).toList());
        assertThat(longs(funnelChart.get("series").get(0).get("data")))
                .containsExactlyElementsOf(funnel.stream().map(r -> Long.parseLong(r[1])).toList());
        assertThat(doc.select("#funnel tbody tr").stream().map(row -> row.select("td").eachText()).toList())
                .containsExactlyElementsOf(funnel.stream().map(r -> List.of(r[0], r[1], r[2] + " %", r[3] + " %")).toList());

        List<String[]> statuses = csv("status.csv");
        JsonNode statusChart = chart(data, "status");
        assertThat(strings(statusChart.get("labels"))).containsExactlyElementsOf(statuses.stream().map(r -> r[0]).toList())
                .contains("CLOSED", "UNKNOWN");
        assertThat(longs(statusChart.get("series").get(0).get("data")))
                .containsExactlyElementsOf(statuses.stream().map(r -> Long.parseLong(r[1])).toList());
        assertThat(doc.select("#status tbody tr").stream().map(row -> row.select("td").eachText()).toList())
                .containsExactlyElementsOf(statuses.stream().map(r -> List.of(r[0], r[1])).toList());

        List<String[]> daily = csv("daily.csv");
        JsonNode dailyChart = chart(data, "daily");
        assertThat(strings(dailyChart.get("labels"))).hasSize(10)
                .containsExactlyElementsOf(daily.stream().map(r -> r[0]).toList());
        for (int series = 0; series < 3; series++) {
            int column = series + 1;
            assertThat(longs(dailyChart.get("series").get(series).get("data"))).as("daily series %d", series)
                    .containsExactlyElementsOf(daily.stream().map(r -> Long.parseLong(r[column])).toList());
        }
        assertThat(dailyChart.get("series").valueStream().map(series -> series.get("label").asString()))
                .containsExactly("conversations", "leads", "closed");
        assertThat(doc.select("#daily tbody tr").stream().map(row -> row.select("td").eachText()).toList())
                .containsExactlyElementsOf(daily.stream().map(r -> List.of(r[0], r[1], r[2], r[3])).toList());
        assertThat(doc.select("canvas").eachAttr("id"))
                .containsExactly("funnel-chart", "status-chart", "agents-chart", "daily-chart");
    }

    @Test
    void everySeriesTakesItsColourFromTheChartPalette() throws Exception {
        JsonNode data = chartData(page());
        assertThat(strings(chart(data, "funnel").get("series").get(0).get("colors"))).containsExactly(
                ChartPalette.CONVERSATIONS.css(), ChartPalette.LEADS.css(), ChartPalette.CONTACTABLE.css(),
                ChartPalette.WORKED.css(), ChartPalette.CLOSED.css());
        assertThat(strings(chart(data, "status").get("series").get(0).get("colors")))
                .containsExactly(ChartPalette.LEADS.css());
        assertThat(chart(data, "agents").get("series").valueStream().map(s -> s.get("colors").get(0).asString()))
                .containsExactly(ChartPalette.LEADS.css(), ChartPalette.CLOSED.css());
        assertThat(chart(data, "daily").get("series").valueStream().map(s -> s.get("colors").get(0).asString()))
                .containsExactly(ChartPalette.CONVERSATIONS.css(), ChartPalette.LEADS.css(), ChartPalette.CLOSED.css());
    }

    @Test
    void twoRunsOfTheSameChatsDifferOnlyInTheRunFacts() throws Exception {
        Path first = folder.resolve("first");
        Path second = folder.resolve("second");
        HtmlReportFixture.export(first, EnumSet.of(ReportFormat.HTML));
        HtmlReportFixture.export(second, EnumSet.of(ReportFormat.HTML), new RunFacts(12, 1, java.time.Duration.ofMinutes(3), 78));
        String a = HtmlReportFixture.html(first);
        String b = HtmlReportFixture.html(second);
        assertThat(a).isNotEqualTo(b);
        String runFact = "(<dt>(duration|job execution)</dt><dd>)[^<]*(</dd>)";
        assertThat(b.replaceAll(runFact, "$1$3")).isEqualTo(a.replaceAll(runFact, "$1$3"));
    }

    @Test
    void dataForAScriptBlockHasNoCharacterThatCouldEndIt() {
        String json = HtmlReport.json(Map.of("label", "</script><!-- & \u2028"));
        assertThat(json).isEqualTo("{\"label\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\"}");
        assertThat(JSON.readTree(json).get("label").asString()).isEqualTo("</script><!-- & \u2028");
    }

    @Test
    void anUnpairedSurrogateInAnAgentIdIsWrittenAsTheReplacementCharacter() throws Exception {
        try (ChatReport report = ChatReport.open(HtmlReportFixture.request(folder, EnumSet.of(ReportFormat.HTML)))) {
            report.add(TestChats.lead("L1", "OPEN", null, null, "agent\uD800x", "2024-03-01T10:00:00Z"));
            report.finish(HtmlReportFixture.FACTS);
        }
        String html = HtmlReportFixture.html(folder);
        assertThat(Jsoup.parse(html).selectFirst("#agents tbody td").text()).isEqualTo("agent\uFFFDx");
        assertThat(strings(chart(chartData(html), "agents").get("labels"))).containsExactly("agent\uFFFDx");
    }

    @Test
    void htmlAloneWritesThePageAndRunJsonAndListsIt() throws Exception {
        HtmlReportFixture.export(folder, EnumSet.of(ReportFormat.HTML));
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("report.html", "run.json");
        }
        JsonNode run = JSON.readTree(folder.resolve("run.json").toFile());
        assertThat(strings(run.get("files"))).containsExactly("report.html", "run.json");
        assertThat(ReportFormat.parse("csv,xlsx,html")).containsExactlyInAnyOrder(ReportFormat.values());
        assertThat(ReportFormat.parse(" HTML ")).containsExactly(ReportFormat.HTML);
    }
}
