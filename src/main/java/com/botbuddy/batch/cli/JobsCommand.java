package com.botbuddy.batch.cli;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;

import com.botbuddy.batch.ops.Durations;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.ExecutionListing;
import com.botbuddy.batch.ops.ExecutionListing.Row;
import com.botbuddy.batch.ops.ExecutionListing.TargetProgress;
import com.botbuddy.batch.ops.RepositorySettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Lists recent job executions, newest first: id, job, bot/customer or input file, status, start,"
                + " duration, items read/written/skipped, exit code.",
                "A FAILED or STOPPED execution can be resumed with 'restart ID'; a STARTED one whose process died"
                        + " is recovered by 'restart ID' too." })
public final class JobsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** One shape for every time, milliseconds always present ({@code toString} drops zero seconds). */
    private static final DateTimeFormatter JSON_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    @Option(names = "--last", paramLabel = "N", defaultValue = "20", description = "How many executions. Default: ${DEFAULT-VALUE}.")
    int last;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only executions with this status, in any case: STARTED, COMPLETED, FAILED, STOPPED, ABANDONED, ...")
    String status;

    @Option(names = "--json", description = "Print a JSON array (for machines) instead of a table.")
    boolean json;

    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (last < 1) {
            throw bad("--last must be at least 1, not " + last);
        }
        String filter = statusFilter();
        RepositorySettings repository = runtime.repository();
        if (repository.embedded() && !Files.exists(repository.embeddedFile())) {
            // looking must not create a repository (nor its folder)
            System.out.println(json ? toJson(List.of()) : "no job executions yet (no job repository in "
                    + repository.home() + ")");
            return ExitCode.COMPLETED.code();
        }
        // read with one plain connection: starting Spring would take seconds for one query
        List<Row> rows;
        Map<Long, List<TargetProgress>> targets = new LinkedHashMap<>();
        try {
            rows = repository.withConnection(c -> {
                List<Row> recent = ExecutionListing.recent(c, last, filter);
                for (Row r : recent) {
                    if (!r.targets().isEmpty()) {
                        targets.put(r.id(), ExecutionListing.targetProgress(c, r));
                    }
                }
                return recent;
            });
        } catch (SQLException e) {
            if (!ExecutionListing.noTablesYet(e)) {
                throw new InvalidInputException("cannot read the job repository at " + repository.describe() + ": "
                        + e.getMessage(), e);
            }
            rows = List.of(); // the first job on this repository is creating its tables
        }
        System.out.println(json ? toJson(rows, targets) : toTable(rows, filter, targets));
        return ExitCode.COMPLETED.code();
    }

    /** The --status asked for as Spring Batch spells it (FAILED for failed), or null for all. */
    private String statusFilter() {
        if (status == null) {
            return null;
        }
        try {
            return BatchStatus.valueOf(status.strip().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw bad("--status must be one of " + Arrays.stream(BatchStatus.values()).map(Enum::name)
                    .collect(Collectors.joining(", ")) + " (any case), not '" + status + "'");
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static String toJson(List<Row> rows) {
        return toJson(rows, Map.of());
    }

    /** With a remote export's progress per target ({@code targets}, by execution id). */
    static String toJson(List<Row> rows, Map<Long, List<TargetProgress>> targets) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("job", r.job());
            m.put("status", r.status());
            m.put("exitCode", r.exitCode());
            m.put("startTime", withOffset(r.startTime()));
            m.put("endTime", withOffset(r.endTime()));
            m.put("read", r.read());
            m.put("written", r.written());
            m.put("skipped", r.skipped());
            m.put("parameters", r.parameters());
            if (targets.containsKey(r.id())) {
                m.put("targets", targets.get(r.id()));
            }
            out.add(m);
        }
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }

    /**
     * Spring Batch stores start and end as local date-times of the JVM that ran the job; a machine reading the
     * listing gets them with that zone's offset (this JVM's, the one schedulers run both in), e.g.
     * {@code 2026-12-04T16:20:01.123+01:00} or {@code ...01.123Z}, so that they are instants rather than wall-clock
     * readings.
     */
    static String withOffset(LocalDateTime time) {
        return time == null ? null : JSON_TIME.format(time.atZone(ZoneId.systemDefault()));
    }

    static String toTable(List<Row> rows, String statusFilter) {
        return toTable(rows, statusFilter, Map.of());
    }

    /**
     * With, under a remote export that did not complete, one line per target: its partitions done, failed or
     * stopped, the pages staged, and its reports' state.
     */
    static String toTable(List<Row> rows, String statusFilter, Map<Long, List<TargetProgress>> targets) {
        if (rows.isEmpty()) {
            return statusFilter == null ? "no job executions yet" : "no " + statusFilter + " job executions";
        }
        String format = "%-6s %-12s %-40s %-10s %-19s %-12s %9s %9s %7s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(format, "ID", "JOB", "SUBJECT", "STATUS", "START",
                "DURATION", "READ", "WRITTEN", "SKIPPED", "EXIT CODE"));
        for (Row r : rows) {
            String subject = r.subject().length() > 40 ? r.subject().substring(0, 37) + "..." : r.subject();
            LocalDateTime end = r.endTime() != null ? r.endTime() : LocalDateTime.now();
            String duration = r.startTime() == null ? "" : Durations.format(Duration.between(r.startTime(), end))
                    + (r.endTime() == null ? "+" : "");
            sb.append(String.format(format, r.id(), r.job(), subject, r.status(),
                    r.startTime() == null ? "" : TIME.format(r.startTime()), duration, r.read(), r.written(),
                    r.skipped(), r.exitCode()));
            if (targets.containsKey(r.id()) && !"COMPLETED".equals(r.status())) {
                for (TargetProgress t : targets.get(r.id())) {
                    sb.append(String.format("%20s%-40s partitions %d/%d done%s, %d pages, reports %s%n", "",
                            "t" + t.target() + " " + t.label(), t.completed(), t.partitions(),
                            t.failed() > 0 ? ", " + t.failed() + " failed or stopped" : "", t.pages(),
                            t.reports().toLowerCase(Locale.ROOT)));
                }
            }
        }
        return sb.toString().stripTrailing();
    }
}
