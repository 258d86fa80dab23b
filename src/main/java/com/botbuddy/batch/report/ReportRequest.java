package com.botbuddy.batch.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * What one report is for.
 *
 * @param folder       the final folder, already {@code <out>/<customerId>/<botId>/<date>}
 * @param formats      the formats to write ({@code run.json} is always written)
 * @param runDate      the run's date (the folder's date)
 * @param zone         the zone creation days are counted in ({@code daily.csv})
 * @param runStartedAt when the run started
 */
public record ReportRequest(Path folder, Set<ReportFormat> formats, LocalDate runDate, ZoneId zone, String botId,
        String customerId, Instant runStartedAt) {

    public ReportRequest {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(runDate, "runDate");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(runStartedAt, "runStartedAt");
        formats = Set.copyOf(formats);
    }

    public boolean wants(ReportFormat format) {
        return formats.contains(format);
    }
}
