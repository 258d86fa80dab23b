package com.botbuddy.batch.export;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.report.ReportFormat;

/**
 * The parameters of one export run. Identifying (they name the job instance): bot, customer, type, date
 * and the run number. The rest only shape the run. No token is ever a parameter.
 */
public record ExportParameters(
        String botId,
        String customerId,
        String type,
        LocalDate date,
        Path out,
        String formats,
        ZoneId zone,
        int concurrency,
        int firstPage,
        int maxPages,
        String sandbox,
        int sinceDays) {

    public static final String BOT_ID = "botId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String TYPE = "type";
    public static final String DATE = "date";
    public static final String OUT = "out";
    public static final String FORMATS = "formats";
    public static final String ZONE = "zone";
    public static final String CONCURRENCY = "concurrency";
    public static final String FIRST_PAGE = "firstPage";
    public static final String MAX_PAGES = "maxPages";
    /** Non-empty when the run targets the in-process sandbox: its settings, so a restart can bring it back. */
    public static final String SANDBOX = "sandbox";
    /** Days of lead history the transitions cover ({@code --since}). */
    public static final String SINCE = "sinceDays";
    public static final int DEFAULT_SINCE_DAYS = 30;

    public ExportParameters {
        SafeIds.check("bot id", botId);
        SafeIds.check("customer id", customerId);
        if (!Set.of("all", "lead", "non-lead").contains(type)) {
            throw new InvalidInputException("--type must be all, lead or non-lead, not '" + type + "'");
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new InvalidInputException("--concurrency must be between 1 and 64, not " + concurrency);
        }
        if (maxPages < 1) {
            throw new InvalidInputException("--max-pages must be at least 1, not " + maxPages);
        }
        if (sinceDays < 1 || sinceDays > 36_525) {
            throw new InvalidInputException("--since must be between 1 and 36525 days, not " + sinceDays);
        }
        reportFormats(formats);
    }

    /** The parameters with the default {@code --since} ({@value #DEFAULT_SINCE_DAYS} days). */
    public ExportParameters(String botId, String customerId, String type, LocalDate date, Path out, String formats,
            ZoneId zone, int concurrency, int firstPage, int maxPages, String sandbox) {
        this(botId, customerId, type, date, out, formats, zone, concurrency, firstPage, maxPages, sandbox,
                DEFAULT_SINCE_DAYS);
    }

    /**
     * Whether this export reads the whole of both listings, so that a lead missing from it is really gone: the
     * lead history records only such exports. (A listing longer than {@code --max-pages} fails the fetch, so an
     * export that reaches its report read every page.)
     */
    public boolean complete() {
        return "all".equals(type);
    }

    public Set<ChatType> types() {
        return switch (type) {
            case "lead" -> EnumSet.of(ChatType.LEAD);
            case "non-lead" -> EnumSet.of(ChatType.NON_LEAD);
            default -> EnumSet.allOf(ChatType.class);
        };
    }

    public Set<ReportFormat> reportFormats() {
        return reportFormats(formats);
    }

    private static Set<ReportFormat> reportFormats(String formats) {
        try {
            return ReportFormat.parse(formats);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--format: " + e.getMessage());
        }
    }

    /** {@code <out>/<customerId>/<botId>/<date>}: the ids were checked to be safe path segments. */
    public Path reportFolder() {
        return out.resolve(customerId).resolve(botId).resolve(date.toString());
    }

    public JobParameters toJobParameters() {
        return new JobParametersBuilder()
                .addString(BOT_ID, botId, true)
                .addString(CUSTOMER_ID, customerId, true)
                .addString(TYPE, type, true)
                .addString(DATE, date.toString(), true)
                .addLong("run", 1L, true)
                .addString(OUT, out.toAbsolutePath().normalize().toString(), false)
                .addString(FORMATS, formats, false)
                .addString(ZONE, zone.getId(), false)
                .addLong(CONCURRENCY, (long) concurrency, false)
                .addLong(FIRST_PAGE, (long) firstPage, false)
                .addLong(MAX_PAGES, (long) maxPages, false)
                .addString(SANDBOX, sandbox == null ? "" : sandbox, false)
                .addLong(SINCE, (long) sinceDays, false)
                .toJobParameters();
    }

    public static ExportParameters from(JobParameters p) {
        return forTarget(p, p.getString(BOT_ID), p.getString(CUSTOMER_ID));
    }

    /** These parameters for another bot and customer: one target of a run over many (scale-out). */
    public ExportParameters withTarget(String otherBotId, String otherCustomerId) {
        return new ExportParameters(otherBotId, otherCustomerId, type, date, out, formats, zone, concurrency, firstPage,
                maxPages, sandbox, sinceDays);
    }

    /** The parameters of one target of a run over many (scale-out): the run's, with this bot and customer. */
    public static ExportParameters forTarget(JobParameters p, String botId, String customerId) {
        return new ExportParameters(botId, customerId, p.getString(TYPE, "all"),
                LocalDate.parse(p.getString(DATE)), Path.of(p.getString(OUT, "reports")),
                p.getString(FORMATS, "csv,xlsx,html"), ZoneId.of(p.getString(ZONE, "UTC")),
                p.getLong(CONCURRENCY, 4L).intValue(), p.getLong(FIRST_PAGE, 1L).intValue(),
                p.getLong(MAX_PAGES, 100_000L).intValue(), p.getString(SANDBOX, ""),
                p.getLong(SINCE, (long) DEFAULT_SINCE_DAYS).intValue());
    }
}
