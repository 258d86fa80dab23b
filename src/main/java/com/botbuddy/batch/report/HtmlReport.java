package com.botbuddy.batch.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.ops.Durations;
import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.StringOutput;
import gg.jte.output.WriterOutput;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code report.html}: one self-contained page with the run's facts, four charts and their tables,
 * from the same {@link ReportFigures} as the CSVs. It holds aggregates only, so its cost does not grow with
 * the number of chats.
 * <p>
 * The page works offline and makes no request: Chart.js, the page's script and its style are inlined, and a
 * Content-Security-Policy forbids every other source and allows exactly those inline blocks by their SHA-256
 * hashes. Text that came from the API (agent ids, bot and customer ids) reaches the page only as escaped
 * markup (the jte template escapes by default) and as JSON data the page's script parses, never as code.
 * <p>
 * The template is compiled to a class at build time ({@code src/main/jte/report.jte}); the template engine,
 * the scripts and their hashes are loaded once per process, on a thread of their own while the chats stream
 * past ({@link #prepare}).
 */
final class HtmlReport {
    /** Days past which the daily table scrolls in a box of its own. */
    private static final int TALL_TABLE_ROWS = 31;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TEMPLATE = "report.jte";
    private static CompletableFuture<Assets> assets;

    private HtmlReport() {
    }

    /** The chart data the page's script reads: one entry per chart, in page order. */
    record ChartData(List<Chart> charts) {
    }

    /**
     * One chart. {@code type} is Chart.js's ({@code bar}, {@code line}); a {@code horizontal} chart has its
     * categories on the vertical axis, their names written level (bar charts are, to read well on a phone).
     */
    record Chart(String id, String type, boolean horizontal, String categoryAxis, String valueAxis,
            List<String> labels, List<Series> series) {
    }

    /** One series; {@code colors} holds one colour for the whole series, or one per category. */
    record Series(String label, List<String> colors, List<Long> data) {
    }

    /**
     * Starts loading what every page shares (Chart.js, the hashes, the template) on a thread of its own, so
     * that it is ready by the time the chats have streamed past and {@link #write} needs it.
     */
    static void prepare() {
        assetsLoading();
    }

    static void write(Path file, ReportRequest request, ReportFigures figures, RunFacts facts, Duration duration)
            throws IOException {
        write(file, request, figures, null, facts, duration);
    }

    /** The page, with the lead history's sections after the export's own when {@code history} is given. */
    static void write(Path file, ReportRequest request, ReportFigures figures, HistoryFigures history, RunFacts facts,
            Duration duration) throws IOException {
        Assets assets = assets();
        HtmlPage page = page(assets, request, figures, history, facts, duration);
        try (Writer out = new BufferedWriter(Utf8.writer(Files.newOutputStream(file)), 65_536)) {
            assets.engine.render(TEMPLATE, page, new WriterOutput(out));
        } catch (TemplateException | UncheckedIOException e) {
            throw new IOException("could not write " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static synchronized CompletableFuture<Assets> assetsLoading() {
        if (assets == null) {
            assets = CompletableFuture.supplyAsync(HtmlReport::loadAndWarmUp, task -> {
                Thread thread = new Thread(task, "report.html assets");
                thread.setDaemon(true);
                thread.start();
            });
        }
        return assets;
    }

    /**
     * The assets, and one page of made-up figures rendered to nothing: it loads and links the classes, lambdas
     * and JSON accessors a page needs, on the loading thread rather than at the end of the report.
     */
    private static Assets loadAndWarmUp() {
        Assets loaded = new Assets();
        ReportRequest request = new ReportRequest(Path.of("."), Set.of(ReportFormat.HTML),
                LocalDate.EPOCH, ZoneOffset.UTC, "bot", "customer", Instant.EPOCH);
        ReportFigures figures = new ReportFigures(2, 1, 1, 0,
                List.of(new FunnelRow("conversations", 2, Percent.of(2, 2), Percent.of(2, 2))),
                List.of(new StatusRow("OPEN", 1)), List.of(new AgentRow("agent", 1, 0, 0, Percent.of(0, 1))),
                List.of(new DailyRow(LocalDate.EPOCH, 2, 1, 0)));
        HtmlPage page = page(loaded, request, figures, null, new RunFacts(1, 0, Duration.ofSeconds(1), 1),
                Duration.ofSeconds(1));
        loaded.engine.render(TEMPLATE, page, new StringOutput(loaded.chartJs.length() + 16_384));
        return loaded;
    }

    private static Assets assets() {
        try {
            return assetsLoading().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static HtmlPage page(Assets assets, ReportRequest request, ReportFigures figures, HistoryFigures history,
            RunFacts facts, Duration duration) {
        List<AgentRow> agents = topAgents(figures);
        List<Chart> charts = new ArrayList<>(List.of(funnelChart(figures), statusChart(figures), agentChart(agents),
                dailyChart(figures)));
        List<HtmlPage.Section> sections = new ArrayList<>(List.of(
                new HtmlPage.Section("funnel", "Funnel", "Worked and closed are counted among contactable leads.",
                        funnelTable(figures)),
                new HtmlPage.Section("status", "Leads by status", null, statusTable(figures)),
                new HtmlPage.Section("agents", "Leads and closes per agent", agentNote(figures.agents().size()),
                        agentTable(agents)),
                new HtmlPage.Section("daily", "Conversations, leads and closed per day",
                        "By creation day in " + request.zone().getId() + "; closed counts the leads created that day"
                                + " that are closed now.", dailyTable(figures))));
        if (history != null) {
            HtmlHistory.add(history, charts, sections);
        }
        String bot = nullToEmpty(request.botId());
        String customer = nullToEmpty(request.customerId());
        return new HtmlPage("Export " + request.runDate(), "bot " + bot + " · customer " + customer, assets.csp,
                assets.css, assets.chartJs, assets.pageJs, json(new ChartData(charts)),
                facts(request, figures, facts, duration), sections);
    }

    private static List<HtmlPage.Fact> facts(ReportRequest request, ReportFigures figures, RunFacts facts,
            Duration duration) {
        List<HtmlPage.Fact> rows = new ArrayList<>();
        rows.add(new HtmlPage.Fact("bot", nullToEmpty(request.botId())));
        rows.add(new HtmlPage.Fact("customer", nullToEmpty(request.customerId())));
        rows.add(new HtmlPage.Fact("run date", request.runDate().toString()));
        rows.add(new HtmlPage.Fact("run time",
                RUN_TIME.format(LocalDateTime.ofInstant(request.runStartedAt(), request.zone()))));
        rows.add(new HtmlPage.Fact("zone", request.zone().getId()));
        rows.add(new HtmlPage.Fact("duration", duration == null ? "–" : Durations.format(duration)));
        rows.add(new HtmlPage.Fact("chats", count(figures.chats())));
        rows.add(new HtmlPage.Fact("leads", count(figures.leads())));
        rows.add(new HtmlPage.Fact("non-leads", count(figures.nonLeads())));
        rows.add(new HtmlPage.Fact("undated chats", count(figures.undated())));
        rows.add(new HtmlPage.Fact("pages read", count(facts.pagesRead())));
        rows.add(new HtmlPage.Fact("duplicates dropped", count(facts.duplicatesDropped())));
        rows.add(new HtmlPage.Fact("job execution", Long.toString(facts.jobExecutionId())));
        return rows;
    }

    /**
     * The {@value ReportFigures#TOP_AGENTS} agents with the most leads ({@link ReportFigures#agentsByLeads}),
     * then, when there are more, one row for all the others together, named {@code others (N agents)}.
     */
    static List<AgentRow> topAgents(ReportFigures figures) {
        List<AgentRow> sorted = figures.agentsByLeads();
        if (sorted.size() <= ReportFigures.TOP_AGENTS) {
            return sorted;
        }
        List<AgentRow> rest = sorted.subList(ReportFigures.TOP_AGENTS, sorted.size());
        long leads = rest.stream().mapToLong(AgentRow::leads).sum();
        long worked = rest.stream().mapToLong(AgentRow::worked).sum();
        long closed = rest.stream().mapToLong(AgentRow::closed).sum();
        List<AgentRow> top = new ArrayList<>(sorted.subList(0, ReportFigures.TOP_AGENTS));
        top.add(new AgentRow(othersLabel(rest.size()), leads, worked, closed, Percent.of(closed, leads)));
        return top;
    }

    static String othersLabel(int agents) {
        return "others (" + agents + (agents == 1 ? " agent)" : " agents)");
    }

    private static String agentNote(int agents) {
        if (agents <= ReportFigures.TOP_AGENTS) {
            return "Every agent, the most leads first.";
        }
        return "The " + ReportFigures.TOP_AGENTS + " of " + agents + " agents with the most leads, the others together;"
                + " agents.csv lists every agent.";
    }

    private static Chart funnelChart(ReportFigures figures) {
        List<FunnelRow> funnel = figures.funnel();
        List<ChartPalette> colours = List.of(ChartPalette.CONVERSATIONS, ChartPalette.LEADS, ChartPalette.CONTACTABLE,
                ChartPalette.WORKED, ChartPalette.CLOSED);
        return new Chart("funnel", "bar", true, null, "chats", funnel.stream().map(FunnelRow::stage).toList(),
                List.of(new Series("chats", colours.stream().map(ChartPalette::css).toList(),
                        funnel.stream().map(FunnelRow::count).toList())));
    }

    private static Chart statusChart(ReportFigures figures) {
        List<StatusRow> statuses = figures.statuses();
        return new Chart("status", "bar", true, null, "leads", statuses.stream().map(StatusRow::status).toList(),
                List.of(new Series("leads", List.of(ChartPalette.LEADS.css()),
                        statuses.stream().map(StatusRow::count).toList())));
    }

    private static Chart agentChart(List<AgentRow> agents) {
        return new Chart("agents", "bar", true, null, "leads", agents.stream().map(AgentRow::agentId).toList(),
                List.of(new Series("leads", List.of(ChartPalette.LEADS.css()),
                                agents.stream().map(AgentRow::leads).toList()),
                        new Series("closed", List.of(ChartPalette.CLOSED.css()),
                                agents.stream().map(AgentRow::closed).toList())));
    }

    private static Chart dailyChart(ReportFigures figures) {
        List<DailyRow> daily = figures.daily();
        return new Chart("daily", "line", false, null, "chats",
                daily.stream().map(row -> row.date().toString()).toList(),
                List.of(new Series("conversations", List.of(ChartPalette.CONVERSATIONS.css()),
                                daily.stream().map(DailyRow::conversations).toList()),
                        new Series("leads", List.of(ChartPalette.LEADS.css()),
                                daily.stream().map(DailyRow::leads).toList()),
                        new Series("closed", List.of(ChartPalette.CLOSED.css()),
                                daily.stream().map(DailyRow::closed).toList())));
    }

    private static HtmlPage.Table funnelTable(ReportFigures figures) {
        List<List<String>> rows = figures.funnel().stream()
                .map(row -> List.of(row.stage(), count(row.count()), percent(row.pctOfPrevious()),
                        percent(row.pctOfFirst())))
                .toList();
        return new HtmlPage.Table(List.of("stage", "chats", "of previous", "of all"),
                List.of(false, true, true, true), rows, false);
    }

    private static HtmlPage.Table statusTable(ReportFigures figures) {
        List<List<String>> rows = figures.statuses().stream()
                .map(row -> List.of(row.status(), count(row.count())))
                .toList();
        return new HtmlPage.Table(List.of("status", "leads"), List.of(false, true), rows, false);
    }

    private static HtmlPage.Table agentTable(List<AgentRow> agents) {
        List<List<String>> rows = agents.stream()
                .map(row -> List.of(row.agentId(), count(row.leads()), count(row.worked()), count(row.closed()),
                        percent(row.closeRate())))
                .toList();
        return new HtmlPage.Table(List.of("agent", "leads", "worked", "closed", "close rate"),
                List.of(false, true, true, true, true), rows, false);
    }

    private static HtmlPage.Table dailyTable(ReportFigures figures) {
        List<List<String>> rows = figures.daily().stream()
                .map(row -> List.of(row.date().toString(), count(row.conversations()), count(row.leads()),
                        count(row.closed())))
                .toList();
        return new HtmlPage.Table(List.of("day", "conversations", "leads", "closed"), List.of(false, true, true, true),
                rows, rows.size() > TALL_TABLE_ROWS);
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(BigDecimal value) {
        return value == null ? "–" : Percent.text(value) + " %";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * The data as JSON that can sit inside a {@code <script>} element: {@code <}, {@code >} and {@code &}
     * (which occur only inside JSON strings) are written as JSON's own {@code \}{@code u} escapes, so no text
     * can close the element or open a comment; the line and paragraph separators likewise.
     */
    static String json(Object data) {
        String json;
        try {
            json = JSON.writeValueAsString(data);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write the chart data", e);
        }
        StringBuilder escaped = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> escaped.append("\\u003c");
                case '>' -> escaped.append("\\u003e");
                case '&' -> escaped.append("\\u0026");
                case '\u2028' -> escaped.append("\\u2028");
                case '\u2029' -> escaped.append("\\u2029");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** {@code 'sha256-...'} of the text's UTF-8 bytes, as a Content-Security-Policy names an inline block. */
    static String cspHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** What every page shares, loaded once per process: the template engine, the inlined texts, the policy. */
    static final class Assets {
        private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
        private static final String SOURCE_MAP = "//# sourceMappingURL=";

        final TemplateEngine engine;
        final String chartJs;
        final String pageJs;
        final String css;
        final String csp;

        private Assets() {
            chartJs = chartJs();
            pageJs = resource("com/botbuddy/batch/report/report.js");
            css = resource("com/botbuddy/batch/report/report.css");
            for (String text : List.of(chartJs, pageJs, css)) {
                if (endsElement(text)) {
                    throw new IllegalStateException("an inlined script or style would end its element early");
                }
            }
            csp = "default-src 'none'; script-src " + cspHash(chartJs) + " " + cspHash(pageJs) + "; style-src "
                    + cspHash(css) + "; base-uri 'none'; form-action 'none'";
            engine = precompiledEngine();
        }

        /** Whether {@code text} holds {@code </script} or {@code </style}, in any case. */
        private static boolean endsElement(String text) {
            for (int at = text.indexOf("</"); at >= 0; at = text.indexOf("</", at + 2)) {
                if (text.regionMatches(true, at + 2, "script", 0, 6)
                        || text.regionMatches(true, at + 2, "style", 0, 5)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * jte finds precompiled templates through the thread's context class loader; this class's loader is the
         * one that holds them, whichever thread loads the assets.
         */
        private static TemplateEngine precompiledEngine() {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(HtmlReport.class.getClassLoader());
            try {
                return TemplateEngine.createPrecompiled(null, ContentType.Html, null,
                        HtmlReport.class.getPackageName());
            } finally {
                thread.setContextClassLoader(before);
            }
        }

        /**
         * Chart.js's UMD build from its WebJar, without its closing source-map comment (developer tools would
         * fetch the map). The WebJar's own {@code pom.properties} names the version, so the path follows the
         * dependency.
         */
        private static String chartJs() {
            Properties pom = new Properties();
            try (InputStream in = open(CHART_JS_POM)) {
                pom.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + CHART_JS_POM, e);
            }
            String js = resource("META-INF/resources/webjars/chart.js/" + pom.getProperty("version")
                    + "/dist/chart.umd.min.js");
            js = js.stripTrailing();
            int map = js.lastIndexOf(SOURCE_MAP);
            return map >= 0 && js.indexOf('\n', map) < 0 ? js.substring(0, map).stripTrailing() : js;
        }

        private static String resource(String name) {
            try (InputStream in = open(name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + name, e);
            }
        }

        private static InputStream open(String name) throws IOException {
            InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is missing from the classpath");
            }
            return in;
        }
    }
}
