package com.botbuddy.batch.importer;

import java.nio.file.Path;

import org.springframework.batch.core.job.parameters.JobParameters;

import com.botbuddy.batch.ops.InvalidInputException;

/**
 * The job parameters of the {@code import} job, as the launcher passes them, read once into a record.
 * Identifying: {@value #INPUT_SHA256}, {@value #BOT_ID}, {@value #CUSTOMER_ID}, {@value #RUN} (and, as the command
 * line sets them, {@value #DRY_RUN} and {@value #OVERWRITE_NEWER}: the same file imported again with
 * {@code --overwrite-newer} after its conflicts is a new import).
 * Non-identifying: {@value #INPUT_FILE}, {@value #SHEET}, {@value #DRY_RUN}, {@value #OUT}, {@value #CONCURRENCY},
 * {@value #RATE}, {@value #MAX_ERROR_RATE}.
 * {@code overwriteNewer}: send rows whose {@code updated_at} is older than the live chat's (no conflict check).
 */
public record ImportParameters(
        Path inputFile,
        String inputSha256,
        String botId,
        String customerId,
        String sheet,
        boolean dryRun,
        Path out,
        int concurrency,
        double rate,
        double maxErrorRate,
        boolean overwriteNewer) {

    public static final String INPUT_SHA256 = "input.sha256";
    public static final String BOT_ID = "botId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String RUN = "run";
    public static final String INPUT_FILE = "input.file";
    public static final String SHEET = "sheet";
    public static final String DRY_RUN = "dryRun";
    public static final String OUT = "out";
    public static final String CONCURRENCY = "concurrency";
    public static final String RATE = "rate";
    public static final String MAX_ERROR_RATE = "maxErrorRate";
    public static final String OVERWRITE_NEWER = "overwriteNewer";

    public static final int DEFAULT_CONCURRENCY = 8;
    public static final double DEFAULT_MAX_ERROR_RATE = 0.10;

    public static ImportParameters from(JobParameters params) {
        String file = params.getString(INPUT_FILE);
        if (file == null || file.isBlank()) {
            throw new InvalidInputException("the import job needs the parameter " + INPUT_FILE + " (the spreadsheet to import)");
        }
        String out = params.getString(OUT);
        if (out == null || out.isBlank()) {
            throw new InvalidInputException("the import job needs the parameter " + OUT + " (the folder for results.csv)");
        }
        Long concurrency = params.getLong(CONCURRENCY);
        Double rate = params.getDouble(RATE);
        Double maxErrorRate = params.getDouble(MAX_ERROR_RATE);
        boolean dryRun = flag(params, DRY_RUN);
        int conc = concurrency == null ? DEFAULT_CONCURRENCY : concurrency.intValue();
        if (conc < 1 || conc > 256) {
            throw new InvalidInputException("--concurrency must be between 1 and 256 (got " + conc + ")");
        }
        double r = rate == null ? 0 : rate;
        if (r < 0 || Double.isNaN(r)) {
            throw new InvalidInputException("--rate must be 0 (unlimited) or a positive number of requests per second (got " + r + ")");
        }
        double max = maxErrorRate == null ? DEFAULT_MAX_ERROR_RATE : maxErrorRate;
        if (max < 0 || max > 1 || Double.isNaN(max)) {
            throw new InvalidInputException("--max-error-rate must be a fraction between 0 and 1, e.g. 0.1 for 10% (got " + max + ")");
        }
        return new ImportParameters(Path.of(file), nullToEmpty(params.getString(INPUT_SHA256)),
                nullToEmpty(params.getString(BOT_ID)).strip(), nullToEmpty(params.getString(CUSTOMER_ID)).strip(),
                nullToEmpty(params.getString(SHEET)).strip(), dryRun, Path.of(out), conc, r, max,
                flag(params, OVERWRITE_NEWER));
    }

    /** A boolean parameter given as a Boolean or as the text true/false; absent is false. */
    private static boolean flag(JobParameters params, String name) {
        Object value = params.getParameter(name) == null ? null : params.getParameter(name).value();
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
