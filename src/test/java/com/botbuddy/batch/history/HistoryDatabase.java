package com.botbuddy.batch.history;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A lead history on an H2 database in memory of its own, and the rows as the tests read them back. */
final class HistoryDatabase {
    final DataSource dataSource;
    final LeadHistory history;
    final JdbcTemplate jdbc;

    HistoryDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.history = new LeadHistory(dataSource, new DataSourceTransactionManager(dataSource));
        this.jdbc = new JdbcTemplate(dataSource);
    }

    static HistoryDatabase h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:history-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return new HistoryDatabase(h2);
    }

    /** One history row as text: {@code lead from..to status agent contactable}, {@code to} blank while current. */
    record Row(String lead, LocalDate from, LocalDate to, String status, String agent, boolean contactable) {
    }

    List<Row> rows(String bot, String customer) {
        return jdbc.query("SELECT LEAD_ID, VALID_FROM, VALID_TO, STATUS, AGENT_ID, CONTACTABLE FROM "
                + HistoryTables.HISTORY + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? ORDER BY LEAD_ID, VALID_FROM",
                (rs, i) -> new Row(rs.getString(1), rs.getDate(2).toLocalDate(),
                        rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6)), bot, customer);
    }

    List<Map<String, Object>> exports(String bot, String customer) {
        return jdbc.queryForList("SELECT EXPORT_DATE, SOURCE, LEADS FROM " + HistoryTables.EXPORTS
                + " WHERE BOT_ID = ? AND CUSTOMER_ID = ? ORDER BY EXPORT_DATE", bot, customer);
    }

    long snapshotRows() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM " + HistoryTables.SNAPSHOT, Long.class);
        return n == null ? 0 : n;
    }
}
