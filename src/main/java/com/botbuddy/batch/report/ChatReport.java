package com.botbuddy.batch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import com.botbuddy.batch.history.HistoryFigures;
import com.botbuddy.batch.report.ReportFigures.AgentRow;
import com.botbuddy.batch.report.ReportFigures.DailyRow;
import com.botbuddy.batch.report.ReportFigures.FunnelRow;
import com.botbuddy.batch.report.ReportFigures.StatusRow;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One export's report, written while the chats stream past: {@link #open}, {@link #add} each chat once
 * (in the order they should appear), {@link #finish}. Only counters are kept in memory; the chats go
 * straight to {@code chats.csv} and the XLSX Chats sheet; {@code report.html} is drawn from the counters alone.
 * <p>
 * Every file is written under a temporary name in the folder ({@code .chats.csv.tmp}, ...) and moved to its
 * final name only in {@link #finish}, {@code run.json} last; a rerun for the same folder replaces the files
 * whole. {@link #close} without {@code finish} deletes the temporary files and leaves the final ones alone.
 */
public final class ChatReport implements AutoCloseable {
    public static final String CHATS_CSV = "chats.csv";
    public static final String FUNNEL_CSV = "funnel.csv";
    public static final String STATUS_CSV = "status.csv";
    public static final String AGENTS_CSV = "agents.csv";
    public static final String DAILY_CSV = "daily.csv";
    public static final String REPORT_XLSX = "report.xlsx";
    public static final String REPORT_HTML = "report.html";
    public static final String RUN_JSON = "run.json";
    public static final String HISTORY_STATUS_TIME_CSV = "history-status-time.csv";
    public static final String HISTORY_TRANSITIONS_CSV = "history-transitions.csv";
    public static final String HISTORY_AGING_CSV = "history-aging.csv";
    public static final String HISTORY_FUNNEL_CSV = "history-funnel.csv";
    /** Data rows per XLSX Chats sheet: Excel's 1,048,576 rows less the header. */
    static final int MAX_SHEET_ROWS = 1_048_575;

    private static final List<String> ALL_FILES = List.of(CHATS_CSV, FUNNEL_CSV, STATUS_CSV, AGENTS_CSV, DAILY_CSV,
            HISTORY_STATUS_TIME_CSV, HISTORY_TRANSITIONS_CSV, HISTORY_AGING_CSV, HISTORY_FUNNEL_CSV, REPORT_XLSX,
            REPORT_HTML, RUN_JSON);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final ReportRequest request;
    private final FigureTally tally;
    private final List<String> files = new ArrayList<>();
    private GuardedCsv chatsCsv;
    private XlsxReport xlsx;
    private ChatRowsThread csvChats;
    private ChatRowsThread xlsxChats;
    private HistoryFigures history;
    private boolean finished;
    private boolean closed;

    private ChatReport(ReportRequest request) {
        this.request = request;
        this.tally = new FigureTally(request.zone());
    }

    public static ChatReport open(ReportRequest request) throws IOException {
        return open(request, MAX_SHEET_ROWS);
    }

    /** As {@link #open(ReportRequest)}, with another number of data rows per Chats sheet (for tests). */
    static ChatReport open(ReportRequest request, int rowsPerChatsSheet) throws IOException {
        Files.createDirectories(request.folder());
        ChatReport report = new ChatReport(request);
        try {
            for (String name : ALL_FILES) {
                Files.deleteIfExists(report.temp(name)); // left over by a killed run
            }
            try (DirectoryStream<Path> parts = Files.newDirectoryStream(request.folder(), XlsxReport.TEMP_GLOB)) {
                for (Path part : parts) {
                    Files.deleteIfExists(part); // the workbook's parts a killed run left
                }
            }
            if (request.wants(ReportFormat.CSV)) {
                report.chatsCsv = new GuardedCsv(report.temp(CHATS_CSV));
                report.chatsCsv.row(ChatColumn.NAMES.toArray(String[]::new));
                GuardedCsv csv = report.chatsCsv;
                report.csvChats = new ChatRowsThread(CHATS_CSV, csv::row);
            }
            if (request.wants(ReportFormat.XLSX)) {
                report.xlsx = new XlsxReport(rowsPerChatsSheet, request.wants(ReportFormat.CSV) ? CHATS_CSV : null,
                        request.folder(), report.temp(REPORT_XLSX));
                report.xlsxChats = new ChatRowsThread(REPORT_XLSX, report.xlsx::add);
            }
            if (request.wants(ReportFormat.HTML)) {
                HtmlReport.prepare();
            }
        } catch (IOException | RuntimeException e) {
            report.close();
            throw e;
        }
        return report;
    }

    /** The temporary name a file has until {@link #finish} moves it into place. */
    static String tempName(String name) {
        return "." + name + ".tmp";
    }

    private Path temp(String name) {
        return request.folder().resolve(tempName(name));
    }

    /** Adds one chat: a row of {@code chats.csv} and of the Chats sheet, and the figures. */
    public void add(TypedChat chat) throws IOException {
        requireOpen();
        String[] cells = ChatColumn.cells(chat); // computed once, for both formats
        if (csvChats != null) {
            csvChats.add(cells);
        }
        if (xlsxChats != null) {
            xlsxChats.add(cells);
        }
        tally.add(chat);
    }

    /**
     * The lead history's figures over time, to write beside the export's own ({@code history-*.csv}, the workbook's
     * History sheets, the page's history sections). Without them the report has no history part.
     */
    public void history(HistoryFigures figures) {
        requireOpen();
        this.history = figures;
    }

    /** Writes the remaining files and moves every file into place. */
    public ReportFigures finish(RunFacts facts) throws IOException {
        requireOpen();
        long finishStarted = System.nanoTime();
        ReportFigures figures = tally.figures();
        if (chatsCsv != null) {
            csvChats.awaitAll();
            csvChats = null;
            chatsCsv.close();
            chatsCsv = null;
            files.add(CHATS_CSV);
            writeFigureCsvs(figures);
            if (history != null) {
                writeHistoryCsvs(history);
            }
        }
        if (xlsx != null) {
            xlsxChats.awaitAll();
            xlsxChats = null;
            xlsx.finish(figures, summaryFacts(facts, durationSoFar(facts, finishStarted)), history);
            xlsx.close();
            xlsx = null;
            files.add(REPORT_XLSX);
        }
        if (request.wants(ReportFormat.HTML)) {
            HtmlReport.write(temp(REPORT_HTML), request, figures, history, facts, durationSoFar(facts, finishStarted));
            files.add(REPORT_HTML);
        }
        files.add(RUN_JSON);
        writeRunJson(figures, facts, durationSoFar(facts, finishStarted));
        for (String name : files) {
            move(temp(name), request.folder().resolve(name));
        }
        for (String name : ALL_FILES) {
            if (!files.contains(name)) {
                Files.deleteIfExists(request.folder().resolve(name)); // an earlier run's other format: replaced whole
            }
        }
        finished = true;
        return figures;
    }

    private void writeFigureCsvs(ReportFigures figures) throws IOException {
        try (GuardedCsv csv = new GuardedCsv(temp(FUNNEL_CSV))) {
            csv.row("stage", "count", "pct_of_previous", "pct_of_first");
            for (FunnelRow row : figures.funnel()) {
                csv.row(row.stage(), Long.toString(row.count()), Percent.text(row.pctOfPrevious()),
                        Percent.text(row.pctOfFirst()));
            }
        }
        files.add(FUNNEL_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(STATUS_CSV))) {
            csv.row("status", "count");
            for (StatusRow row : figures.statuses()) {
                csv.row(row.status(), Long.toString(row.count()));
            }
        }
        files.add(STATUS_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(AGENTS_CSV))) {
            csv.row("agent_id", "leads", "worked", "closed", "close_rate");
            for (AgentRow row : figures.agents()) {
                csv.row(row.agentId(), Long.toString(row.leads()), Long.toString(row.worked()),
                        Long.toString(row.closed()), Percent.text(row.closeRate()));
            }
        }
        files.add(AGENTS_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(DAILY_CSV))) {
            csv.row("date", "conversations", "leads", "closed");
            for (DailyRow row : figures.daily()) {
                csv.row(row.date().toString(), Long.toString(row.conversations()), Long.toString(row.leads()),
                        Long.toString(row.closed()));
            }
        }
        files.add(DAILY_CSV);
    }

    /**
     * The figures over time: header only where there is nothing to count (no history yet, no change in the window).
     * Days are whole numbers; a status with no name is {@value HistoryFigures#BLANK_STATUS}.
     */
    private void writeHistoryCsvs(HistoryFigures history) throws IOException {
        try (GuardedCsv csv = new GuardedCsv(temp(HISTORY_STATUS_TIME_CSV))) {
            csv.row("status", "stays", "ongoing", "median_days", "p90_days", "ongoing_counted_to");
            for (HistoryFigures.StatusTime row : history.statusTimes()) {
                csv.row(row.status(), Long.toString(row.stays()), Long.toString(row.ongoing()),
                        Long.toString(row.medianDays()), Long.toString(row.p90Days()), history.asOf().toString());
            }
        }
        files.add(HISTORY_STATUS_TIME_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(HISTORY_TRANSITIONS_CSV))) {
            csv.row("from_status", "to_status", "count", "window_start", "window_end");
            for (HistoryFigures.Transition row : history.transitions()) {
                csv.row(row.from(), row.to(), Long.toString(row.count()), history.windowStart().toString(),
                        history.asOf().toString());
            }
        }
        files.add(HISTORY_TRANSITIONS_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(HISTORY_AGING_CSV))) {
            csv.row("age_days", "open_leads");
            if (history.hasHistory()) {
                for (HistoryFigures.Aging row : history.aging()) {
                    csv.row(row.bucket(), Long.toString(row.openLeads()));
                }
            }
        }
        files.add(HISTORY_AGING_CSV);
        try (GuardedCsv csv = new GuardedCsv(temp(HISTORY_FUNNEL_CSV))) {
            csv.row("export_date", "leads", "contactable", "worked", "closed");
            for (HistoryFigures.DatedFunnel row : history.funnel()) {
                csv.row(row.date().toString(), Long.toString(row.leads()), Long.toString(row.contactable()),
                        Long.toString(row.worked()), Long.toString(row.closed()));
            }
        }
        files.add(HISTORY_FUNNEL_CSV);
    }

    /**
     * The run's duration up to now: what it took until {@link #finish} (the facts' duration), plus the time
     * {@code finish} has spent since, so that each file's duration counts the files written before it.
     */
    private static Duration durationSoFar(RunFacts facts, long finishStarted) {
        return facts.duration() == null ? null
                : facts.duration().plusNanos(System.nanoTime() - finishStarted);
    }

    private List<XlsxReport.Fact> summaryFacts(RunFacts facts, Duration duration) {
        List<XlsxReport.Fact> rows = new ArrayList<>();
        rows.add(new XlsxReport.Fact("bot", nullToEmpty(request.botId())));
        rows.add(new XlsxReport.Fact("customer", nullToEmpty(request.customerId())));
        rows.add(new XlsxReport.Fact("run date", request.runDate()));
        rows.add(new XlsxReport.Fact("run time", LocalDateTime.ofInstant(request.runStartedAt(), request.zone())));
        rows.add(new XlsxReport.Fact("zone", request.zone().getId()));
        rows.add(new XlsxReport.Fact("duration", duration));
        rows.add(new XlsxReport.Fact("pages read", facts.pagesRead()));
        rows.add(new XlsxReport.Fact("duplicates dropped", facts.duplicatesDropped()));
        rows.add(new XlsxReport.Fact("job execution", facts.jobExecutionId()));
        return rows;
    }

    private void writeRunJson(ReportFigures figures, RunFacts facts, Duration duration) throws IOException {
        RunSummary summary = new RunSummary(request.botId(), request.customerId(), request.runDate().toString(),
                request.zone().getId(), request.runStartedAt().toString(),
                duration == null ? 0 : duration.toMillis(), facts.jobExecutionId(), facts.pagesRead(),
                facts.duplicatesDropped(), figures.chats(), figures.countsByType(), figures.undated(),
                figures.funnel(), List.copyOf(files));
        try {
            JSON.writeValue(temp(RUN_JSON).toFile(), summary);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException("could not write " + RUN_JSON, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void requireOpen() {
        if (finished || closed) {
            throw new IllegalStateException("the report is already " + (finished ? "finished" : "closed"));
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Releases everything; without a successful {@link #finish} it also deletes the temporary files. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        if (csvChats != null) {
            csvChats.close();
            csvChats = null;
        }
        if (chatsCsv != null) {
            try {
                chatsCsv.close();
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
            chatsCsv = null;
        }
        if (xlsxChats != null) {
            xlsxChats.close();
            xlsxChats = null;
        }
        if (xlsx != null) {
            try {
                xlsx.close();
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
            xlsx = null;
        }
        if (!finished) {
            for (String name : ALL_FILES) {
                try {
                    Files.deleteIfExists(temp(name));
                } catch (IOException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            UncheckedIOException failure = new UncheckedIOException("could not clean up the report in "
                    + request.folder(), failures.get(0) instanceof IOException io ? io : new IOException(failures.get(0)));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
