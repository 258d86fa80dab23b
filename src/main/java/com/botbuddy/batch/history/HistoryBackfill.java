package com.botbuddy.batch.history;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import com.botbuddy.batch.ops.InvalidInputException;

/**
 * Backfills the lead history of one bot and customer from earlier exports: a folder like
 * {@code reports/<customer>/<bot>/} holding date folders {@code YYYY-MM-DD/chats.csv}, recorded in date order,
 * each date in a transaction of its own ({@link LeadHistory#record}). Dates already recorded are left as they
 * are ({@link LeadHistory.SameDate#SKIP}), so a second run records nothing again and a backfill never overrides
 * a nightly export; dates older than the latest recorded are skipped with a warning, as the history is kept in
 * date order. A file that cannot be used stops the backfill with its one-line reason; the dates before it stay
 * recorded, and running it again after the fix carries on.
 */
public final class HistoryBackfill {
    public static final String CHATS_CSV = "chats.csv";

    /** What a backfill did, for its closing line. */
    public record Summary(int dates, int recorded, int alreadyRecorded, int older, long leads, long opened, long closed) {
        public String line(String botId, String customerId) {
            return "history import: bot " + botId + ", customer " + customerId + ": " + dates + " dates, " + recorded
                    + " recorded (" + leads + " leads, " + opened + " rows opened, " + closed + " closed), "
                    + alreadyRecorded + " already recorded, " + older + " older than the history";
        }
    }

    private final LeadHistory history;

    public HistoryBackfill(LeadHistory history) {
        this.history = history;
    }

    /**
     * The date folders of {@code dir} that hold a {@code chats.csv}, oldest first. Folders whose name is not a
     * date are not exports and are passed over; a date folder without {@code chats.csv} (an export of other
     * formats) is passed over too, with a line to {@code out}.
     */
    public static List<LocalDate> dates(Path dir, Consumer<String> out) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " is not a folder: give an export folder like reports/<customer>/<bot>/");
        }
        List<LocalDate> dates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry) || !name.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    continue;
                }
                LocalDate date;
                try {
                    date = LocalDate.parse(name);
                } catch (DateTimeParseException e) {
                    throw new InvalidInputException(entry + " is named like a date but is none (" + name + ")");
                }
                if (Files.isRegularFile(entry.resolve(CHATS_CSV))) {
                    dates.add(date);
                } else {
                    out.accept(name + ": no " + CHATS_CSV + ", passed over");
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (dates.isEmpty()) {
            throw new InvalidInputException(dir + " holds no export: no YYYY-MM-DD/" + CHATS_CSV
                    + " in it; give the folder of one bot, like reports/<customer>/<bot>/");
        }
        dates.sort(Comparator.naturalOrder());
        return dates;
    }

    /**
     * Records every date of {@code dir} in order; {@code leads} reads one {@code chats.csv} as a snapshot.
     * Says what each date did on {@code out}.
     */
    public Summary run(Path dir, String botId, String customerId, Function<Path, LeadHistory.Snapshot> leads,
            Consumer<String> out) {
        List<LocalDate> dates = dates(dir, out);
        int recorded = 0;
        int already = 0;
        int older = 0;
        long leadCount = 0;
        long opened = 0;
        long closed = 0;
        for (LocalDate date : dates) {
            Path file = dir.resolve(date.toString()).resolve(CHATS_CSV);
            LeadHistory.Recorded r = history.record(botId, customerId, date, LeadHistory.Source.BACKFILL,
                    LeadHistory.SameDate.SKIP, leads.apply(file));
            switch (r.outcome()) {
                case SKIPPED_RECORDED -> {
                    already++;
                    out.accept(date + ": already recorded, left as it is");
                }
                case SKIPPED_OLDER -> {
                    older++;
                    out.accept(date + ": older than the latest date recorded (" + r.latest() + "), skipped");
                }
                default -> {
                    recorded++;
                    leadCount += r.leads();
                    opened += r.opened();
                    closed += r.closed();
                    out.accept(date + ": " + r.leads() + " leads, " + r.opened() + " rows opened, " + r.closed()
                            + " closed");
                }
            }
        }
        return new Summary(dates.size(), recorded, already, older, leadCount, opened, closed);
    }
}
