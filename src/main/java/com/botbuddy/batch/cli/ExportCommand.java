package com.botbuddy.batch.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.export.ExportJobConfig;
import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.export.StaleStaging;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.RunResult;
import com.botbuddy.batch.remote.RemoteExport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Reads every page of chats (leads and non-leads) of a bot and customer and writes CSV and XLSX "
                        + "reports with lead funnel statistics into <out>/<customerId>/<botId>/<date>/.",
                "Running it again for the same date replaces that day's reports; a failed run is resumed "
                        + "(from the last committed page) by running it again or with 'restart ID'.",
                "An export of both listings (--type all) also records each lead's status, agent and contactability "
                        + "in the lead history, and the reports show the figures over time (history-*.csv)." })
public final class ExportCommand implements Callable<Integer>, JobCommand {

    @Option(names = "--bot-id", paramLabel = "ID",
            description = "Bot id (first value after page.botbuddyai.com/ in the bot's page URL). Required unless --sandbox.")
    String botId;

    @Option(names = "--customer-id", paramLabel = "ID",
            description = "Customer id (second value in the bot's page URL). Required unless --sandbox.")
    String customerId;

    @Option(names = "--type", paramLabel = "all|lead|non-lead", defaultValue = "all",
            description = "Which listings to read. Default: ${DEFAULT-VALUE}.")
    String type;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Output folder; reports go to <out>/<customerId>/<botId>/<date>/. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--format", paramLabel = "csv,xlsx,html", defaultValue = "csv,xlsx,html",
            description = "Report formats, comma-separated: csv, xlsx, html. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
            description = "Run date naming the report folder. Default: today in --zone.")
    LocalDate date;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "Time zone of the run date and of the daily report's days, e.g. Europe/Berlin. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Pages requested ahead, in parallel, per listing. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--max-pages", paramLabel = "N", defaultValue = "100000",
            description = "Fail rather than read more than N pages of one listing. Default: ${DEFAULT-VALUE}.")
    int maxPages;

    @Option(names = "--since", paramLabel = "DAYS", defaultValue = "30",
            description = "Days of lead history the report's status transitions cover, up to --date. Default: ${DEFAULT-VALUE}.")
    int since;

    @Option(names = "--first-page", paramLabel = "N", defaultValue = "1",
            description = "Number of the API's first page. Default: ${DEFAULT-VALUE}.")
    int firstPage;

    @Option(names = "--sandbox",
            description = "Run against an in-process API double (no token needed); bot and customer default to its demo ids, "
                    + "and any other well-formed pair gets chats of its own (e.g. --bot-id demo-bot-2).")
    boolean sandbox;

    @Option(names = "--sandbox-chats", paramLabel = "N", defaultValue = "2000",
            description = "With --sandbox: how many chats the double serves. Default: ${DEFAULT-VALUE}.")
    int sandboxChats;

    /**
     * Test knob: delay every answer of the in-process double, so a run lasts long enough to be killed or
     * stopped mid-fetch. Not part of the stored sandbox spec: it shapes timing, not data, so a restart serves
     * the same chats at full speed.
     */
    @Option(names = "--sandbox-latency-ms", paramLabel = "MS", defaultValue = "0", hidden = true,
            description = "With --sandbox: delay every API answer by MS milliseconds (testing).")
    long sandboxLatencyMs;

    @Option(names = "--remote",
            description = "Spread the fetch over scale-out workers ('worker') through the broker; the reports are"
                    + " written here once every partition completed. Needs a PostgreSQL job repository.")
    boolean remote;

    @Option(names = "--targets", paramLabel = "BOT/CUSTOMER,...",
            description = "With --remote: the bot/customer pairs of one run over many targets (instead of --bot-id"
                    + " and --customer-id); each gets its own report folder.")
    String targets;

    @Option(names = "--stripes", paramLabel = "N", defaultValue = "1",
            description = "With --remote: split each listing into N stripes read by different workers (stripe k reads"
                    + " pages k, k+N, ...). Default: ${DEFAULT-VALUE}.")
    int stripes;

    @Option(names = "--lost-after", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "With --remote: a partition whose worker commits nothing for this long, or that no worker"
                    + " takes for this long, fails (the run ends restartable). Default: ${DEFAULT-VALUE}.")
    java.time.Duration lostAfter;

    @Mixin
    BrokerOptions broker;

    @Mixin
    Tokens tokens;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public RuntimeOptions runtime() {
        return runtime;
    }

    @Override
    public Integer call() {
        if (remote) {
            return callRemote();
        }
        if (targets != null) {
            throw new InvalidInputException("--targets is for a run over many targets: add --remote, or give one"
                    + " target with --bot-id and --customer-id");
        }
        ZoneId zoneId = Zones.parse(zone);
        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        String sandboxSpec = "";
        InProcessSandbox api = null;
        try {
            if (sandbox) {
                api = InProcessSandbox.start(InProcessSandbox.spec(sandboxChats), sandboxLatencyMs);
                sandboxSpec = api.spec();
                botId = botId == null ? api.botId() : botId;
                customerId = customerId == null ? api.customerId() : customerId;
                properties.putAll(api.springProperties());
                System.out.println(api.banner(botId, customerId));
            } else {
                runtime.checkBaseUrl();
                properties.putAll(tokens.requireBotToken());
            }
            ExportParameters params = new ExportParameters(botId, customerId, type,
                    date != null ? date : LocalDate.now(zoneId), out, format, zoneId, concurrency, firstPage, maxPages,
                    sandboxSpec, since);
            OutputFolder.check("--out", out, params.reportFolder());
            try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), properties)) {
                Job job = ctx.getBean(ExportJobConfig.JOB_NAME + "Job", Job.class);
                purgeStaleStaging(ctx.getBean(StaleStaging.class));
                RunResult result = ctx.getBean(JobRunner.class).launch(job, params.toJobParameters(), true);
                return Outcomes.report(result);
            }
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    /**
     * One job instance over every target, its fetch partitioned across the workers that consume the broker's queue
     * ({@link RemoteExport}); reports are written here.
     */
    private Integer callRemote() {
        if (sandbox) {
            throw new InvalidInputException("--remote cannot use the in-process --sandbox (the workers could not"
                    + " reach it): start 'scripts/botbuddy sandbox' and point every process at it with --base-url");
        }
        List<RemoteExport.Target> pairs = targets != null ? RemoteExport.parseTargets(targets)
                : botId == null || customerId == null ? List.of()
                : List.of(new RemoteExport.Target(botId, customerId));
        if (pairs.isEmpty()) {
            throw new InvalidInputException("--remote needs --targets BOT/CUSTOMER,... or --bot-id and --customer-id");
        }
        if (lostAfter.isNegative() || lostAfter.isZero()) {
            throw new InvalidInputException("--lost-after must be longer than 0");
        }
        ZoneId zoneId = Zones.parse(zone);
        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        broker.addTo(properties, "manager", runtime.repository());
        properties.put("botbuddy.remote.lost-after", lostAfter.toMillis() + "ms");
        runtime.checkBaseUrl();
        properties.putAll(tokens.requireBotToken());
        RemoteExport.Target first = pairs.get(0);
        ExportParameters shape = new ExportParameters(first.botId(), first.customerId(), type,
                date != null ? date : LocalDate.now(zoneId), out, format, zoneId, concurrency, firstPage, maxPages, "",
                since);
        RemoteExport run = new RemoteExport(pairs, shape, stripes);
        for (RemoteExport.Target t : pairs) {
            OutputFolder.check("--out", out, t.of(shape).reportFolder());
        }
        try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), properties)) {
            Job job = ctx.getBean(RemoteExport.JOB_NAME + "Job", Job.class);
            purgeStaleStaging(ctx.getBean(StaleStaging.class));
            RunResult result = ctx.getBean(JobRunner.class).launch(job, run.toJobParameters(), true);
            return Outcomes.report(result);
        }
    }

    /** Stale staging is housekeeping: failing at it must not stop tonight's export. */
    private static void purgeStaleStaging(StaleStaging stale) {
        try {
            stale.purge(java.time.LocalDateTime.now());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ExportCommand.class)
                    .warn("could not drop stale export staging (the export goes on): {}", e.getMessage());
        }
    }
}
