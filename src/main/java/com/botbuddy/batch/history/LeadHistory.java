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
 * <li>the leads stream past a batch at a time (never all in memory); one indexed read per batch finds their
 *     current rows; a lead whose status, agent or contactability changed has its current row closed
 *     ({@code VALID_TO = D}) and, as a new lead does, gets a row from D; an unchanged lead costs no write;</li>
 * <li>when fewer current rows were matched than there were, some lead is missing: the snapshot's ids are read
 *     again into {@link HistoryTables#SNAPSHOT} and the current rows of the leads it lacks are closed, with no
 *     successor;</li>
 * <li>D is written to {@link HistoryTables#EXPORTS}.</li>
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

    /**
     * One export's leads, handed to the sink one at a time. It may be asked twice: a second time, for the lead
     * ids alone, on a night when some lead went missing.
     */
    @FunctionalInterface
    public interface Snapshot {
        void forEach(Consumer<LeadState> sink);
    }

    private static final org.springframework.jdbc.core.RowMapper<HistoryTally.Row> ROW = (rs, i) -> new HistoryTally.Row(
            rs.getString(1), rs.getDate(2).toLocalDate(), rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(),
            rs.getString(4), rs.getBoolean(5));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HistoryTables tables;
    /** How a text array is cast: {@code VARCHAR[]} on PostgreSQL, {@code VARCHAR ARRAY} on H2. */
    private final java.util.function.Supplier<String> arrayType;

    public LeadHistory(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.tables = new HistoryTables(dataSource);
        this.arrayType = org.springframework.util.function.SingletonSupplier.of(
                () -> HistoryTables.onPostgres(jdbc) ? "VARCHAR[]" : "VARCHAR ARRAY");
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
        if (again) {
            // undo what the first snapshot of this date did: the rows it opened go, the rows it closed are current again
            jdbc.update("DELETE FROM " + HistoryTables.HISTORY + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND VALID_FROM = ?",
                    bot, customer, day);
            jdbc.update("UPDATE " + HistoryTables.HISTORY + " SET VALID_TO = NULL WHERE BOT_ID = ? AND CUSTOMER_ID = ?"
                    + " AND VALID_TO = ?", bot, customer, day);
            jdbc.update("DELETE FROM " + HistoryTables.EXPORTS + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND EXPORT_DATE = ?",
                    bot, customer, day);
        }
        Long current = jdbc.queryForObject("SELECT COUNT(*) FROM " + HistoryTables.HISTORY + " WHERE BOT_ID = ?"
                + " AND CUSTOMER_ID = ? AND VALID_TO IS NULL", Long.class, bot, customer);
        Changes changes = new Changes(bot, customer, day);
        snapshot.forEach(changes::add);
        changes.flush();
        long missing = (current == null ? 0 : current) - changes.matched;
        long gone = missing > 0 ? closeMissing(bot, customer, day, snapshot) : 0;
        jdbc.update("INSERT INTO " + HistoryTables.EXPORTS + " (BOT_ID, CUSTOMER_ID, EXPORT_DATE, SOURCE, LEADS)"
                + " VALUES (?, ?, ?, ?, ?)", bot, customer, day, source.name(), changes.leads);
        return new Recorded(again ? Outcome.REPLACED : Outcome.RECORDED, date, latest, changes.leads, changes.opened,
                changes.closed + gone);
    }

    /** A lead's current row, as the comparison needs it. */
    private record Current(LocalDate validFrom, String status, String agentId, boolean contactable) {
        boolean same(LeadState lead) {
            return java.util.Objects.equals(status, lead.status()) && java.util.Objects.equals(agentId, lead.agentId())
                    && contactable == lead.contactable();
        }
    }

    /**
     * Applies the snapshot a batch of leads at a time: one indexed read finds the batch's current rows; only a
     * lead that is new or changed costs a write (its current row closed, a row from D inserted), so a night on
     * which little changed costs little more than the reads.
     */
    private final class Changes {
        private final String bot;
        private final String customer;
        private final Date day;
        private final java.util.Map<String, LeadState> batch = new java.util.LinkedHashMap<>();
        long leads;
        long matched;
        long opened;
        long closed;

        Changes(String bot, String customer, Date day) {
            this.bot = bot;
            this.customer = customer;
            this.day = day;
        }

        void add(LeadState lead) {
            leads++;
            if (batch.put(lead.leadId(), lead) != null) {
                throw twice(lead.leadId());
            }
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            java.util.Map<String, Current> rows = new java.util.HashMap<>();
            // the batch's ids as an array joined to the history: one primary-key lookup per id on H2 and
            // PostgreSQL alike (an IN list would make H2 scan every row of the bot and customer)
            jdbc.query(con -> {
                java.sql.PreparedStatement ps = con.prepareStatement("SELECT h.LEAD_ID, h.VALID_FROM, h.STATUS,"
                        + " h.AGENT_ID, h.CONTACTABLE FROM UNNEST(CAST(? AS " + arrayType.get() + ")) AS b(ID) JOIN "
                        + HistoryTables.HISTORY + " h ON h.BOT_ID = ? AND h.CUSTOMER_ID = ? AND h.LEAD_ID = b.ID"
                        + " WHERE h.VALID_TO IS NULL");
                ps.setArray(1, con.createArrayOf("VARCHAR", batch.keySet().toArray()));
                ps.setString(2, bot);
                ps.setString(3, customer);
                return ps;
            }, (java.sql.ResultSet rs) -> {
                rows.put(rs.getString(1), new Current(rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)));
            });
            List<String> close = new ArrayList<>();
            List<LeadState> open = new ArrayList<>();
            for (LeadState lead : batch.values()) {
                Current row = rows.get(lead.leadId());
                if (row == null) {
                    open.add(lead);
                    continue;
                }
                if (row.validFrom().equals(day.toLocalDate())) {
                    throw twice(lead.leadId()); // opened by an earlier batch of this same snapshot
                }
                matched++;
                if (!row.same(lead)) {
                    close.add(lead.leadId());
                    open.add(lead);
                }
            }
            if (!close.isEmpty()) {
                jdbc.batchUpdate("UPDATE " + HistoryTables.HISTORY + " SET VALID_TO = ? WHERE BOT_ID = ?"
                        + " AND CUSTOMER_ID = ? AND LEAD_ID = ? AND VALID_TO IS NULL", close, close.size(), (ps, id) -> {
                            ps.setDate(1, day);
                            ps.setString(2, bot);
                            ps.setString(3, customer);
                            ps.setString(4, id);
                        });
            }
            if (!open.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO " + HistoryTables.HISTORY + " (BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM,"
                        + " STATUS, AGENT_ID, CONTACTABLE) VALUES (?, ?, ?, ?, ?, ?, ?)", open, open.size(), (ps, lead) -> {
                            ps.setString(1, bot);
                            ps.setString(2, customer);
                            ps.setString(3, lead.leadId());
                            ps.setDate(4, day);
                            ps.setString(5, lead.status());
                            ps.setString(6, lead.agentId());
                            ps.setBoolean(7, lead.contactable());
                        });
            }
            closed += close.size();
            opened += open.size();
            batch.clear();
        }

        private InvalidInputException twice(String leadId) {
            return new InvalidInputException("the leads of " + day + " name lead id '" + leadId + "' twice");
        }
    }

    /**
     * Closes the current rows of the leads the snapshot no longer holds. Only on a night when some lead went
     * missing (fewer current rows matched than there were): the snapshot's lead ids are read a second time into
     * {@link HistoryTables#SNAPSHOT}, which finds them, and deleted again in the same transaction.
     */
    private long closeMissing(String bot, String customer, Date day, Snapshot snapshot) {
        String where = " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND EXPORT_DATE = ?";
        jdbc.update("DELETE FROM " + HistoryTables.SNAPSHOT + where, bot, customer, day);
        List<String> ids = new ArrayList<>(BATCH);
        Runnable flush = () -> {
            jdbc.batchUpdate("INSERT INTO " + HistoryTables.SNAPSHOT + " (BOT_ID, CUSTOMER_ID, EXPORT_DATE, LEAD_ID)"
                    + " VALUES (?, ?, ?, ?)", ids, ids.size(), (ps, id) -> {
                        ps.setString(1, bot);
                        ps.setString(2, customer);
                        ps.setDate(3, day);
                        ps.setString(4, id);
                    });
            ids.clear();
        };
        snapshot.forEach(lead -> {
            ids.add(lead.leadId());
            if (ids.size() == BATCH) {
                flush.run();
            }
        });
        if (!ids.isEmpty()) {
            flush.run();
        }
        int gone = jdbc.update("UPDATE " + HistoryTables.HISTORY + " h SET VALID_TO = ? WHERE h.BOT_ID = ?"
                + " AND h.CUSTOMER_ID = ? AND h.VALID_TO IS NULL AND h.VALID_FROM < ? AND NOT EXISTS (SELECT 1 FROM "
                + HistoryTables.SNAPSHOT + " s WHERE s.BOT_ID = h.BOT_ID AND s.CUSTOMER_ID = h.CUSTOMER_ID"
                + " AND s.EXPORT_DATE = ? AND s.LEAD_ID = h.LEAD_ID)", day, bot, customer, day, day);
        jdbc.update("DELETE FROM " + HistoryTables.SNAPSHOT + where, bot, customer, day);
        return gone;
    }

    /**
     * The figures over time as of {@code asOf}: only what was recorded up to that date counts, a row still current
     * then counting up to it. The rows stream past a page at a time, ordered by lead; only counters are kept.
     */
    public HistoryFigures figures(String botId, String customerId, LocalDate asOf, int sinceDays) {
        tables.createIfAbsent();
        List<LocalDate> dates = recordedDates(botId, customerId, asOf);
        HistoryTally tally = new HistoryTally(asOf, sinceDays);
        String select = "SELECT LEAD_ID, VALID_FROM, VALID_TO, STATUS, CONTACTABLE FROM " + HistoryTables.HISTORY
                + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? AND VALID_FROM <= ?";
        Date until = Date.valueOf(asOf);
        String after = null; // the last lead whose every row was added
        while (true) {
            // keyset pages by lead along the primary key's order: no page re-reads or sorts what came before
            List<HistoryTally.Row> rows = after == null
                    ? jdbc.query(select + " ORDER BY BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM LIMIT " + READ_ROWS, ROW, botId, customerId, until)
                    : jdbc.query(select + " AND LEAD_ID > ? ORDER BY BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM LIMIT " + READ_ROWS, ROW,
                            botId, customerId, until, after);
            if (rows.size() < READ_ROWS) {
                rows.forEach(tally::add);
                break;
            }
            // a full page may end part-way through its last lead: that lead is read whole with the next page
            String last = rows.get(rows.size() - 1).leadId();
            int complete = rows.size();
            while (complete > 0 && rows.get(complete - 1).leadId().equals(last)) {
                complete--;
            }
            if (complete == 0) { // one lead with a page of rows or more: read it alone
                jdbc.query(select + " AND LEAD_ID = ? ORDER BY VALID_FROM", ROW, botId, customerId, until, last)
                        .forEach(tally::add);
                after = last;
            } else {
                rows.subList(0, complete).forEach(tally::add);
                after = rows.get(complete - 1).leadId();
            }
        }
        return tally.figures(dates);
    }
}
