package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

/** The one line an operator reads when a run fails: the most telling message of the cause chain. */
class FailureAnalysisTest {

    @Test
    void aMessageSayingWhereAndQuotingItsCauseWinsOverTheBareCause() {
        IOException disk = new IOException("No space left on device");
        Throwable failure = new IllegalStateException(new UncheckedIOException(
                "cannot write the reports in /reports/c/b/2030-01-01: No space left on device", disk));
        assertThat(FailureAnalysis.describe(failure))
                .isEqualTo("cannot write the reports in /reports/c/b/2030-01-01: No space left on device");
    }

    @Test
    void javasOwnWrappingIsNotTakenForSuchAMessage() {
        Throwable failure = new RuntimeException(new IOException("No space left on device"));
        assertThat(failure.getMessage()).isEqualTo("java.io.IOException: No space left on device");
        assertThat(FailureAnalysis.describe(failure)).isEqualTo("No space left on device");
    }

    @Test
    void aCutConnectionToTheEmbeddedRepositorySaysWhatHappened() {
        Throwable failure = new IllegalStateException("Could not commit", new java.sql.SQLException(
                "Database is already closed (to disable automatic closing at VM shutdown, add \";DB_CLOSE_ON_EXIT=FALSE\""
                        + " to the db URL) [90121-240]", "90121", 90121));
        assertThat(FailureAnalysis.describe(failure)).startsWith("the connection to the job repository was cut: the process"
                + " that served the embedded job repository ended abruptly (kill -9, a crash) while this run was in a"
                + " transaction (Database is already closed");
        assertThat(FailureAnalysis.describe(new RuntimeException(new java.sql.SQLException("syntax", "42000", 42000))))
                .as("other database errors keep their own words").isEqualTo("syntax");
    }

    @Test
    void otherwiseTheDeepestMessageIsTheMostTelling() {
        Throwable failure = new IllegalStateException("step failed",
                new IllegalArgumentException("unexpected end of JSON on lead page 7"));
        assertThat(FailureAnalysis.describe(failure)).isEqualTo("unexpected end of JSON on lead page 7");
    }

    @Test
    void anOperatorMessageHigherUpIsKeptOverWhatLiesBeneathIt() {
        Throwable failure = new RuntimeException("wrapper", new InvalidInputException(
                "cannot open the job repository at jdbc:postgresql://db/test: Connection refused",
                new java.net.ConnectException("Connection refused (os error 111)")));
        assertThat(FailureAnalysis.describe(failure))
                .isEqualTo("cannot open the job repository at jdbc:postgresql://db/test: Connection refused");
    }
}
