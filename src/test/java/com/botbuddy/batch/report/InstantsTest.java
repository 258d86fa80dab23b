package com.botbuddy.batch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void theApisShapeIsReadExactlyAsTheGeneralParserReadsIt() {
        for (String v : new String[] { "2023-02-01T05:59:03.533Z", "2023-02-01T05:59:03Z", "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00.000Z", "1899-12-31T12:00:00Z", "2026-12-31T00:00:00.001Z" }) {
            assertThat(Instants.parseUtcMillis(v)).as(v).isEqualTo(Instant.parse(v));
            assertThat(Instants.parse(v)).as(v).isEqualTo(Instant.parse(v));
        }
    }

    @Test
    void impossibleDatesAndOtherShapesAreLeftToTheGeneralParser() {
        for (String v : new String[] { "2023-02-30T05:59:03.533Z", "2023-13-01T05:59:03Z", "2023-02-01T24:00:00Z",
                "2023-02-01T05:60:03Z", "2023-02-01 05:59:03Z", "2023-0a-01T05:59:03Z", "2023-02-01T05:59:03.5Z",
                "2023-02-01T05:59:03+01:00" }) {
            assertThat(Instants.parseUtcMillis(v)).as(v).isNull();
        }
        assertThat(Instants.parse("2023-02-01T05:59:03+01:00")).isEqualTo(Instant.parse("2023-02-01T04:59:03Z"));
        assertThat(Instants.parse("2023-02-01T05:59:03.5Z")).isEqualTo(Instant.parse("2023-02-01T05:59:03.500Z"));
        assertThat(Instants.parse("2023-02-30T05:59:03Z")).isNull();
        assertThat(Instants.parse("next tuesday")).isNull();
    }
}
