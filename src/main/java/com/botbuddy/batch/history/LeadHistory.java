package com.botbuddy.batch.history;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.botbuddy.batch.ops.InvalidInputException;

/**
 * The lead history of every bot and customer: records one export's leads as a snapshot, and computes the
 * figures over time ({@link #figures}).
 * <p>
 * Recording a snapshot of date D, in one transaction (so a crash at any point leaves D wholly recorded or not
 * at all, and a restart that records D again finds it recorded):
 * <ol>
 * <li>the leads go into {@link HistoryTables#SNAPSHOT}, a batch of rows at a time (never all in memory);</li>
 * <li>every current row of the bot and customer that the snapshot does not repeat exactly (the lead changed,
 *     or is missing) is closed: {@code VALID_TO = D};</li>
 * <li>every lead of the snapshot without a current row (new, changed, or back) gets one from D;</li>
 * <li>D is written to {@link HistoryTables#EXPORTS}, and the snapshot rows are deleted.</li>
 * </ol>
 * A snapshot older than the latest date recorded for the bot and customer is skipped with a warning (exports
 * arrive in date order). A second snapshot of the latest date replaces the first ({@link SameDate#REPLACE},
 * what a second export of the same day does: the rows D opened are deleted, the rows D closed are opened again,
 * then the new snapshot is applied). With {@link SameDate#SKIP}, what the backfill does, a date already recorded
 * (the latest or an earlier one) is left as it is, so that a backfill is idempotent and never overrides what a
 * nightly export recorded.
 */
@Component
public class LeadHistory {
    private static final Logger log = LoggerFactory.getLogger(LeadHistory.class);
    private static final int BATCH = 1_000;
    /** History rows per query when the figures stream them. */
    static final int READ_ROWS = 5_000;

    /** Where a snapshot comes from: the export job or the backfill of a {@code chats.csv}. */
    public enum Source {
        EXPORT, BACKFILL
    }

    /** What a snapshot of a date already recorded (the latest) does. */
    public enum SameDate {
        REPLACE, SKIP
    }

    public enum Outcome {
        RECORDED, REPLACED, SKIPPED_OLDER, SKIPPED_RECORDED
    }

    /**
     * What recording one snapshot did.
     *
     * @param latest     the latest date recorded before, {@code null} when none was
     * @param leads      leads in the snapshot
     * @param opened     rows opened (new leads, and leads whose status, agent or contactability changed)
     * @param closed     rows closed (changed or missing leads)
     */
    public record Recorded(Outcome outcome, LocalDate date, LocalDate latest, long leads, long opened, long closed) {
        public boolean skipped() {
            return outcome == Outcome.SKIPPED_OLDER || outcome == Outcome.SKIPPED_RECORDED;
        }
    }

    /** One export's leads, handed to the sink one at a time. */
    @FunctionalInterface
    public interface Snapshot {
        void forEach(Consumer<LeadState> sink);
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HistoryTables tables;

    public LeadHistory(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.tables = new HistoryTables(dataSource);
    }

    /** The latest export date recorded for the bot and customer. */
    public Optional<LocalDate> latest(String botId, String customerId) {
        tables.createIfAbsent();
        Date latest = jdbc.queryForObject("SELECT MAX(EXPORT_DATE) FROM " + HistoryTables.EXPORTS
                + " WHERE BOT_ID = ? AND CUSTOMER_ID = ?", Date.class, botId, customerId);
        return Optional.ofNullable(latest).map(Date::toLocalDate);
    }

    /** Whether the export of {@code date} is recorded for the bot and customer. */
    public boolean isRecorded(String botId, String customerId, LocalDate date) {
        tables.createIfAbsent();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + HistoryTables.EXPORTS + " WHERE BOT_ID = ?"
                + " AND CUSTOMER_ID = ? AND EXPORT_DATE = ?", Long.class, botId, customerId, Date.valueOf(date));
        return n != null && n > 0;
    }

    /** The export dates recorded for the bot and customer up to {@code asOf}, oldest first. */
    public List<LocalDate> recordedDates(String botId, String customerId, LocalDate asOf) {
        tables.createIfAbsent();
        return jdbc.query("SELECT EXPORT_DATE FROM " + HistoryTables.EXPORTS + " WHERE BOT_ID = ? AND CUSTOMER_ID = ?"
                + " AND EXPORT_DATE <= ? ORDER BY EXPORT_DATE", (rs, i) -> rs.getDate(1).toLocalDate(), botId,
                customerId, Date.valueOf(asOf));
    }

    /**
     * Records one snapshot of the bot's and customer's leads as of {@code date}, in one transaction (the
     * caller's, when one is active: the export's step commits it with its own bookkeeping).
     */
    public Recorded record(String botId, String customerId, LocalDate date, Source source, SameDate sameDate,
            Snapshot snapshot) {
        tables.createIfAbsent();
        return tx.execute(status -> apply(botId, customerId, date, source, sameDate, snapshot));
    }

    private Recorded apply(String bot, String customer, LocalDate date, Source source, SameDate sameDate,
            Snapshot snapshot) {
        LocalDate latest = latest(bot, customer).orElse(null);
        if (sameDate == SameDate.SKIP && isRecorded(bot, customer, date)) {
            return new Recorded(Outcome.SKIPPED_RECORDED, date, latest, 0, 0, 0);
        }
        if (latest != null && date.isBefore(latest)) {
            log.warn("lead history: the export of {} for bot {} and customer {} is older than the latest recorded ({});"
                    + " history is kept in date order, so it is not recorded", date, bot, customer, latest);
            return new Recorded(Outcome.SKIPPED_OLDER, date, latest, 0, 0, 0);
        }
        boolean again = date.equals(latest);
        Date day = Date.valueOf(date);
        jdbc.update("DELETE FROM " + HistoryTables.SNAPSHOT + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND EXPORT_DATE = ?",
                bot, customer, day);
        long leads = stage(bot, customer, day, snapshot);
        if (again) {
            // undo what the first snapshot of this date did: the rows it opened go, the rows it closed are current again
            jdbc.update("DELETE FROM " + HistoryTables.HISTORY + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND VALID_FROM = ?",
                    bot, customer, day);
            jdbc.update("UPDATE " + HistoryTables.HISTORY + " SET VALID_TO = NULL WHERE BOT_ID = ? AND CUSTOMER_ID = ?"
                    + " AND VALID_TO = ?", bot, customer, day);
            jdbc.update("DELETE FROM " + HistoryTables.EXPORTS + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND EXPORT_DATE = ?",
                    bot, customer, day);
        }
        int closed = jdbc.update("UPDATE " + HistoryTables.HISTORY + " h SET VALID_TO = ?"
                + " WHERE h.BOT_ID = ? AND h.CUSTOMER_ID = ? AND h.VALID_TO IS NULL AND NOT EXISTS (SELECT 1 FROM "
                + HistoryTables.SNAPSHOT + " s WHERE s.BOT_ID = h.BOT_ID AND s.CUSTOMER_ID = h.CUSTOMER_ID"
                + " AND s.EXPORT_DATE = ? AND s.LEAD_ID = h.LEAD_ID AND s.STATUS IS NOT DISTINCT FROM h.STATUS"
                + " AND s.AGENT_ID IS NOT DISTINCT FROM h.AGENT_ID AND s.CONTACTABLE = h.CONTACTABLE)",
                day, bot, customer, day);
        int opened = jdbc.update("INSERT INTO " + HistoryTables.HISTORY
                + " (BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM, STATUS, AGENT_ID, CONTACTABLE)"
                + " SELECT s.BOT_ID, s.CUSTOMER_ID, s.LEAD_ID, s.EXPORT_DATE, s.STATUS, s.AGENT_ID, s.CONTACTABLE FROM "
                + HistoryTables.SNAPSHOT + " s WHERE s.BOT_ID = ? AND s.CUSTOMER_ID = ? AND s.EXPORT_DATE = ?"
                + " AND NOT EXISTS (SELECT 1 FROM " + HistoryTables.HISTORY + " h WHERE h.BOT_ID = s.BOT_ID"
                + " AND h.CUSTOMER_ID = s.CUSTOMER_ID AND h.LEAD_ID = s.LEAD_ID AND h.VALID_TO IS NULL)",
                bot, customer, day);
        jdbc.update("INSERT INTO " + HistoryTables.EXPORTS + " (BOT_ID, CUSTOMER_ID, EXPORT_DATE, SOURCE, LEADS)"
                + " VALUES (?, ?, ?, ?, ?)", bot, customer, day, source.name(), leads);
        jdbc.update("DELETE FROM " + HistoryTables.SNAPSHOT + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND EXPORT_DATE = ?",
                bot, customer, day);
        return new Recorded(again ? Outcome.REPLACED : Outcome.RECORDED, date, latest, leads, opened, closed);
    }

    /** Inserts the snapshot's leads a batch at a time; returns how many there were. */
    private long stage(String bot, String customer, Date day, Snapshot snapshot) {
        List<LeadState> batch = new ArrayList<>(BATCH);
        long[] leads = { 0 };
        Consumer<List<LeadState>> flush = rows -> {
            try {
                jdbc.batchUpdate("INSERT INTO " + HistoryTables.SNAPSHOT + " (BOT_ID, CUSTOMER_ID, EXPORT_DATE, LEAD_ID,"
                        + " STATUS, AGENT_ID, CONTACTABLE) VALUES (?, ?, ?, ?, ?, ?, ?)", rows, rows.size(), (ps, lead) -> {
                            ps.setString(1, bot);
                            ps.setString(2, customer);
                            ps.setDate(3, day);
                            ps.setString(4, lead.leadId());
                            ps.setString(5, lead.status());
                            ps.setString(6, lead.agentId());
                            ps.setBoolean(7, lead.contactable());
                        });
            } catch (DuplicateKeyException e) {
                throw new InvalidInputException("the leads of " + day + " name one lead id twice", e);
            }
            rows.clear();
        };
        snapshot.forEach(lead -> {
            batch.add(lead);
            leads[0]++;
            if (batch.size() == BATCH) {
                flush.accept(batch);
            }
        });
        if (!batch.isEmpty()) {
            flush.accept(batch);
        }
        return leads[0];
    }

    /**
     * The figures over time as of {@code asOf}: only what was recorded up to that date counts, a row still current
     * then counting up to it. The rows stream past a page at a time, ordered by lead; only counters are kept.
     */
    public HistoryFigures figures(String botId, String customerId, LocalDate asOf, int sinceDays) {
        tables.createIfAbsent();
        List<LocalDate> dates = recordedDates(botId, customerId, asOf);
        HistoryTally tally = new HistoryTally(asOf, sinceDays);
        Date until = Date.valueOf(asOf);
        String lead = null;
        Date from = null;
        while (true) {
            String after = lead == null ? "" : " AND (LEAD_ID > ? OR (LEAD_ID = ? AND VALID_FROM > ?))";
            Object[] args = lead == null ? new Object[] { botId, customerId, until }
                    : new Object[] { botId, customerId, until, lead, lead, from };
            List<HistoryTally.Row> rows = jdbc.query("SELECT LEAD_ID, VALID_FROM, VALID_TO, STATUS, CONTACTABLE FROM "
                    + HistoryTables.HISTORY + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND VALID_FROM <= ?" + after
                    + " ORDER BY LEAD_ID, VALID_FROM LIMIT " + READ_ROWS, (rs, i) -> new HistoryTally.Row(rs.getString(1),
                            rs.getDate(2).toLocalDate(), rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(),
                            rs.getString(4), rs.getBoolean(5)), args);
            for (HistoryTally.Row row : rows) {
                tally.add(row);
            }
            if (rows.size() < READ_ROWS) {
                break;
            }
            HistoryTally.Row last = rows.get(rows.size() - 1);
            lead = last.leadId();
            from = Date.valueOf(last.validFrom());
        }
        return tally.figures(dates);
    }
}
