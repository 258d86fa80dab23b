package com.botbuddy.batch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.export.SafeIds;
import com.botbuddy.batch.importer.ImportJobConfig;
import com.botbuddy.batch.importer.ImportParameters;
import com.botbuddy.batch.importer.LiveReadPlan;
import com.botbuddy.batch.importer.SpreadsheetInput;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.RunResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Reads a spreadsheet (.xlsx or .csv) of lead edits, validates every row, then writes each valid row"
                        + " through PUT /inbox/direct/lead. Every row's fate goes to results.csv; rejected and failed"
                        + " rows to rejected.csv/.xlsx (fix them and import that file alone); totals to summary.json.",
                "Columns (case and spaces ignored): uuid (required), bot_id, customer_id, status, name, email, phone,"
                        + " dial_code, agent_id, picture, tags, notes, attributes, attr:<key>. An export's chats.csv"
                        + " imports as it is. A blank cell leaves the field unchanged; the cell text (clear) clears it.",
                "Rows carrying updated_at (an export's chats.csv does) are checked against the live chats, read once"
                        + " at the start with the read token: a row whose chat was edited since is not sent (outcome"
                        + " conflict, naming the fields that differ; exit 5) unless --overwrite-newer. Before sending,"
                        + " the values the rows change are kept: undo.csv/undo.xlsx in the results folder put them back.",
                "The same file for the same bot and customer runs once: running it again after it completed does"
                        + " nothing (exit 0) unless --force; after a crash, 'restart ID' resumes after the last"
                        + " committed chunk." })
public final class ImportCommand implements Callable<Integer>, JobCommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(paramLabel = "FILE", description = "The .xlsx or .csv file to import.")
    Path file;

    @Option(names = "--bot-id", paramLabel = "ID", description = "Bot id for rows without a bot_id column.")
    String botId;

    @Option(names = "--customer-id", paramLabel = "ID", description = "Customer id for rows without a customer_id column.")
    String customerId;

    @Option(names = "--sheet", paramLabel = "NAME", description = "Sheet of an .xlsx to read. Default: the first.")
    String sheet;

    @Option(names = "--dry-run", description = "Validate and write what would be sent (requests.jsonl) and, per row and"
            + " field, the value now and the value it would set (changes.csv; the value now needs the read token);"
            + " send nothing.")
    boolean dryRun;

    @Option(names = "--overwrite-newer", description = "Send rows whose updated_at is older than the live chat's"
            + " (edited since the export) instead of reporting them as conflict; no live check, no read token needed.")
    boolean overwriteNewer;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for results.csv, rejected.csv/.xlsx and summary.json. Default: reports/imports/<file name>-<timestamp>/.")
    Path out;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
            description = "PUT requests in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "At most R PUT requests per second; 0 = no limit. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--max-error-rate", paramLabel = "P", defaultValue = "10%",
            description = "Fail rather than push a bad file through when more than this share of rows is rejected"
                    + " (validation) or rejected/failed (sending): 10%% or 0.1. Default: ${DEFAULT-VALUE}.")
    String maxErrorRate;

    @Option(names = "--force", description = "Import the file again even though the same import already completed.")
    boolean force;

    @Option(names = "--sandbox",
            description = "Send to an in-process API double (no token needed) holding the same demo chats as 'export --sandbox'.")
    boolean sandbox;

    @Option(names = "--sandbox-chats", paramLabel = "N", defaultValue = "2000",
            description = "With --sandbox: how many chats the double holds. Default: ${DEFAULT-VALUE}.")
    int sandboxChats;

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
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInputException("cannot read the input file " + file + " (does it exist, is it a file?)");
        }
        Path input = file.toAbsolutePath().normalize();
        if (botId != null) {
            SafeIds.check("bot id", botId);
        }
        if (customerId != null) {
            SafeIds.check("customer id", customerId);
        }
        double maxRate = parseShare(maxErrorRate);
        String sha256 = SpreadsheetInput.checkAndHash(input);
        Path outDir = out != null ? out
                : Path.of("reports", "imports", input.getFileName() + "-" + LocalDateTime.now().format(STAMP));
        OutputFolder.check(out != null ? "--out" : "the default --out", outDir, outDir);

        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        InProcessSandbox api = null;
        String sandboxSpec = "";
        if (sandbox) {
            api = InProcessSandbox.start(InProcessSandbox.spec(sandboxChats));
            sandboxSpec = api.spec();
            botId = botId == null ? api.botId() : botId;
            customerId = customerId == null ? api.customerId() : customerId;
            properties.putAll(api.springProperties());
            System.out.println(api.banner(botId, customerId));
        } else {
            checkReadToken(input);
            if (!dryRun) {
                runtime.checkBaseUrl();
                properties.putAll(tokens.requireBpToken());
            } else if (tokens.hasBotToken()) {
                runtime.checkBaseUrl();
            }
            properties.putAll(tokens.optionalBotToken());
        }
        try {
            return launch(input, sha256, outDir, maxRate, sandboxSpec, properties);
        } finally {
            if (api != null) {
                api.close();
            }
        }
    }

    /**
     * A file with an updated_at column needs the live read, so the read token (and the ids to list), unless
     * --overwrite-newer; refused here, before anything is recorded. A dry run goes on without, saying so.
     */
    private void checkReadToken(Path input) {
        if (overwriteNewer || dryRun) {
            return;
        }
        boolean updatedAt;
        try (SpreadsheetInput spreadsheet = SpreadsheetInput.open(input, sheet == null ? "" : sheet)) {
            updatedAt = spreadsheet.columns().hasUpdatedAt();
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot read " + input + ": " + e.getMessage());
        }
        if (!updatedAt) {
            return;
        }
        if (!tokens.hasBotToken()) {
            throw new InvalidInputException(input.getFileName() + " has an updated_at column: its rows are checked against"
                    + " the live chats before sending, which needs the read token: set "
                    + ApiCredentials.BOT_TOKEN_ENV + " or pass --bot-token-file FILE,"
                    + " or pass --overwrite-newer to send the rows unchecked");
        }
        if (botId == null || customerId == null) {
            throw new InvalidInputException(input.getFileName() + " has an updated_at column: its rows are checked against"
                    + " the live chats, listed for --bot-id and --customer-id: pass both, or --overwrite-newer");
        }
    }

    private int launch(Path input, String sha256, Path outDir, double maxRate, String sandboxSpec,
            Map<String, Object> properties) {
        JobParameters params = new JobParametersBuilder()
                .addString(ImportParameters.INPUT_SHA256, sha256, true)
                .addString(ImportParameters.BOT_ID, botId == null ? "" : botId, true)
                .addString(ImportParameters.CUSTOMER_ID, customerId == null ? "" : customerId, true)
                .addLong(ImportParameters.RUN, 1L, true)
                .addString(ImportParameters.INPUT_FILE, input.toString(), false)
                .addString(ImportParameters.SHEET, sheet == null ? "" : sheet, false)
                .addString(ImportParameters.DRY_RUN, Boolean.toString(dryRun), true)
                .addString(ImportParameters.OVERWRITE_NEWER, Boolean.toString(overwriteNewer), true)
                .addString(com.botbuddy.batch.export.ExportParameters.SANDBOX, sandboxSpec, false)
                .addString(ImportParameters.OUT, outDir.toAbsolutePath().normalize().toString(), false)
                .addLong(ImportParameters.CONCURRENCY, (long) concurrency, false)
                .addDouble(ImportParameters.RATE, rate, false)
                .addDouble(ImportParameters.MAX_ERROR_RATE, maxRate, false)
                .toJobParameters();
        // the job's own check (--concurrency, --rate...), here before anything is recorded in the job repository
        ImportParameters.from(params);
        try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), properties)) {
            Job job = ctx.getBean(ImportJobConfig.JOB_NAME + "Job", Job.class);
            RunResult result = ctx.getBean(JobRunner.class).launch(job, params, force || dryRun);
            if (result.outcome() == RunResult.Outcome.ALREADY_COMPLETE) {
                System.out.println("this file was already imported for this bot and customer; use --force to send it again");
            }
            printSummary(result.execution());
            return Outcomes.report(result);
        }
    }

    static void printSummary(JobExecution execution) {
        if (execution == null) {
            return;
        }
        ExecutionContext ec = execution.getExecutionContext();
        if (!ec.containsKey(ImportJobConfig.READ)) {
            return;
        }
        System.out.printf(Locale.ROOT, "rows read %d, updated %d, rejected %d, failed %d, conflict %d%n",
                ec.getLong(ImportJobConfig.READ), ec.getLong(ImportJobConfig.UPDATED, 0L),
                ec.getLong(ImportJobConfig.REJECTED, 0L), ec.getLong(ImportJobConfig.FAILED, 0L),
                ec.getLong(ImportJobConfig.CONFLICTS, 0L));
        if (!LiveReadPlan.taken(ec) && ec.containsKey(LiveReadPlan.LIVE_NOTE)) {
            System.out.println("note: " + ec.getString(LiveReadPlan.LIVE_NOTE));
        }
        String out = execution.getJobParameters().getString(ImportParameters.OUT);
        if (out != null) {
            System.out.println("results: " + out);
        }
    }

    /**
     * {@code 10%}, {@code 10} (percent) or {@code 0.1} (fraction). A bare {@code 1} is refused: read as a fraction it
     * is 100%, which whoever typed it rarely means (1% is {@code 1%} or {@code 0.01}; 100% is {@code 100%}).
     */
    static double parseShare(String text) {
        String t = text.strip();
        if (t.matches("1(\\.0*)?")) {
            throw new InvalidInputException("--max-error-rate " + t + " is ambiguous: write 1% (or 0.01) for one row in a"
                    + " hundred, or 100% to never stop");
        }
        try {
            double value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
            if (!t.endsWith("%") && value > 1) {
                value = value / 100;
            }
            if (value < 0 || value > 1 || Double.isNaN(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--max-error-rate must be a share such as 10% or 0.1, not '" + text + "'");
        }
    }
}
