package com.botbuddy.batch.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.botbuddy.batch.PostgresSchemaForTests;
import com.botbuddy.batch.history.HistoryDatabase.Row;
import com.botbuddy.batch.history.LeadHistory.SameDate;
import com.botbuddy.batch.history.LeadHistory.Source;

/**
 * The lead history on the production job repository, PostgreSQL (the local server, {@code 127.0.0.1:5432},
 * database {@code test}; skipped with the reason when it does not answer), in a schema of its own: the same
 * statements as on H2, the same rows and figures.
 */
class LeadHistoryOnPostgresTest {
    private PostgresSchemaForTests schema;
    private HistoryDatabase db;

    @BeforeEach
    void connect() {
        schema = PostgresSchemaForTests.create("bb_history_test_");
        db = new HistoryDatabase(schema.dataSource());
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
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
