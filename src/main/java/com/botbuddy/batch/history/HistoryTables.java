package com.botbuddy.batch.history;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.botbuddy.batch.ops.DatabaseProduct;

/**
 * The DDL of the lead history, in the job repository's database, created on first use. Every lookup goes by lead:
 * the night's comparison reads a batch's current rows by lead id, the figures read every row in lead order.
 * <ul>
 * <li>{@value #HISTORY}: one row per lead and period in which nothing the history keeps changed;
 *     {@code VALID_TO} is the date of the first export that saw something else (or no longer saw the lead),
 *     {@code NULL} while the row is current. Its one index is by lead: on PostgreSQL the primary key
 *     (bot, customer, lead, valid_from); on H2 an index holding every column, so that both lookups read the index
 *     alone. H2 keeps a table's rows in insertion order and a secondary index points into them, so a lookup through
 *     a key that lacks a column it reads costs a random read of the rows' pages for each row (which made the
 *     figures most of the report step), and a primary key beside that index would double a first night's writes.
 *     PostgreSQL keeps its primary key: lead and agent ids of up to 1,000 characters each would not fit one of its
 *     index entries. A lead has one row per date either way: a date is recorded in one transaction that writes
 *     its {@value #EXPORTS} row, whose key admits the date once, and a snapshot naming a lead twice is refused;</li>
 * <li>{@value #EXPORTS}: one row per export date recorded, written in the transaction that applies it, so that
 *     a date is either wholly recorded or not at all;</li>
 * <li>{@value #SNAPSHOT}: one export's lead ids, on a night when some lead went missing, while the missing are
 *     found; emptied in the same transaction.</li>
 * </ul>
 * A second index on {@code VALID_TO} would lead H2 to scan every current row for a batch's leads instead.
 */
final class HistoryTables {
    static final String HISTORY = "BB_LEAD_HISTORY";
    static final String EXPORTS = "BB_LEAD_HISTORY_EXPORT";
    static final String SNAPSHOT = "BB_LEAD_SNAPSHOT";
    /** H2's index of {@value #HISTORY}, holding every column. */
    static final String HISTORY_ROWS = "BB_LEAD_HISTORY_ROWS";

    private final JdbcTemplate jdbc;
    private volatile boolean created;

    HistoryTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    void createIfAbsent() {
        if (created) {
            return;
        }
        try {
            create();
        } catch (DataAccessException e) {
            create(); // another process created them at the same moment: now they exist
        }
        created = true;
    }

    /** Whether the repository is PostgreSQL (else H2), where the statements differ. */
    static boolean onPostgres(JdbcTemplate jdbc) {
        return Boolean.TRUE.equals(jdbc.execute(DatabaseProduct::isPostgres));
    }

    private void create() {
        boolean postgres = onPostgres(jdbc);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, LEAD_ID VARCHAR(1000) NOT NULL, VALID_FROM DATE NOT NULL,"
                + " VALID_TO DATE, STATUS VARCHAR(20), AGENT_ID VARCHAR(1000), CONTACTABLE BOOLEAN NOT NULL"
                + (postgres ? ", PRIMARY KEY (BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM))" : ")"));
        if (!postgres) {
            jdbc.execute("CREATE INDEX IF NOT EXISTS " + HISTORY_ROWS + " ON " + HISTORY + " (BOT_ID, CUSTOMER_ID,"
                    + " LEAD_ID, VALID_FROM, VALID_TO, STATUS, AGENT_ID, CONTACTABLE)");
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + EXPORTS + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, EXPORT_DATE DATE NOT NULL, SOURCE VARCHAR(20) NOT NULL,"
                + " LEADS BIGINT NOT NULL, PRIMARY KEY (BOT_ID, CUSTOMER_ID, EXPORT_DATE))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SNAPSHOT + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, EXPORT_DATE DATE NOT NULL, LEAD_ID VARCHAR(1000) NOT NULL,"
                + " PRIMARY KEY (BOT_ID, CUSTOMER_ID, EXPORT_DATE, LEAD_ID))");
    }
}
