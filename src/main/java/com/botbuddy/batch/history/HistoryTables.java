package com.botbuddy.batch.history;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The DDL of the lead history, in the job repository's database (the same statements on H2 and PostgreSQL),
 * created on first use. The history's one index is its primary key, (bot, customer, lead, valid_from): every
 * lookup goes by lead, and a second index on {@code VALID_TO} would lead H2 to scan every current row for a
 * batch's leads instead.
 * <ul>
 * <li>{@value #HISTORY}: one row per lead and period in which nothing the history keeps changed;
 *     {@code VALID_TO} is the date of the first export that saw something else (or no longer saw the lead),
 *     {@code NULL} while the row is current;</li>
 * <li>{@value #EXPORTS}: one row per export date recorded, written in the transaction that applies it, so that
 *     a date is either wholly recorded or not at all;</li>
 * <li>{@value #SNAPSHOT}: one export's lead ids, on a night when some lead went missing, while the missing are
 *     found; emptied in the same transaction.</li>
 * </ul>
 */
final class HistoryTables {
    static final String HISTORY = "BB_LEAD_HISTORY";
    static final String EXPORTS = "BB_LEAD_HISTORY_EXPORT";
    static final String SNAPSHOT = "BB_LEAD_SNAPSHOT";

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

    private void create() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + HISTORY + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, LEAD_ID VARCHAR(1000) NOT NULL, VALID_FROM DATE NOT NULL,"
                + " VALID_TO DATE, STATUS VARCHAR(20), AGENT_ID VARCHAR(1000), CONTACTABLE BOOLEAN NOT NULL,"
                + " PRIMARY KEY (BOT_ID, CUSTOMER_ID, LEAD_ID, VALID_FROM))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + EXPORTS + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, EXPORT_DATE DATE NOT NULL, SOURCE VARCHAR(20) NOT NULL,"
                + " LEADS BIGINT NOT NULL, PRIMARY KEY (BOT_ID, CUSTOMER_ID, EXPORT_DATE))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SNAPSHOT + " (BOT_ID VARCHAR(200) NOT NULL,"
                + " CUSTOMER_ID VARCHAR(200) NOT NULL, EXPORT_DATE DATE NOT NULL, LEAD_ID VARCHAR(1000) NOT NULL,"
                + " PRIMARY KEY (BOT_ID, CUSTOMER_ID, EXPORT_DATE, LEAD_ID))");
    }
}
