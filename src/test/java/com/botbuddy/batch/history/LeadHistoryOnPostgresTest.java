package com.botbuddy.batch.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import com.botbuddy.batch.history.HistoryDatabase.Row;
import com.botbuddy.batch.history.LeadHistory.SameDate;
import com.botbuddy.batch.history.LeadHistory.Source;

/**
 * The lead history on the production job repository, PostgreSQL (the local server, {@code 127.0.0.1:5432},
 * database {@code test}; skipped with the reason when it does not answer), in a schema of its own: the same
 * statements as on H2, the same rows and figures.
 */
class LeadHistoryOnPostgresTest {
    static final String URL = System.getProperty("botbuddy.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");

    private final String schema = "bb_history_test_" + System.nanoTime();
    private HistoryDatabase db;

    @BeforeEach
    void connect() {
        String problem = null;
        try (Connection c = dataSource(URL).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        Assumptions.assumeTrue(problem == null, "PostgreSQL at " + URL + " does not answer: " + problem);
        db = new HistoryDatabase(dataSource(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema));
    }

    @AfterEach
    void dropSchema() {
        if (db != null) {
            new JdbcTemplate(dataSource(URL)).execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setConnectTimeout(2);
        ds.setSocketTimeout(10);
        return ds;
    }

    @Test
    void rowsAndFiguresAreThoseOfH2() {
        TreeMap<LocalDate, Map<String, LeadState>> snapshots = HistoryFiguresTest.snapshots(5, 15, 50);
        HistoryDatabase h2 = HistoryDatabase.h2();
        for (HistoryDatabase each : new HistoryDatabase[] { db, h2 }) {
            snapshots.forEach((date, leads) -> each.history.record("bot", "cust", date, Source.EXPORT,
                    SameDate.REPLACE, sink -> leads.values().forEach(sink)));
            // a restart recording the latest date again
            each.history.record("bot", "cust", snapshots.lastKey(), Source.EXPORT, SameDate.REPLACE,
                    sink -> snapshots.lastEntry().getValue().values().forEach(sink));
        }
        assertThat(db.rows("bot", "cust")).isEqualTo(h2.rows("bot", "cust")).isNotEmpty();
        assertThat(db.rows("bot", "cust")).filteredOn(r -> r.to() == null).extracting(Row::lead)
                .containsExactlyInAnyOrderElementsOf(snapshots.lastEntry().getValue().keySet());
        LocalDate last = snapshots.lastKey();
        assertThat(db.history.figures("bot", "cust", last, 30)).isEqualTo(h2.history.figures("bot", "cust", last, 30));
        assertThat(db.snapshotRows()).isZero();
    }
}
