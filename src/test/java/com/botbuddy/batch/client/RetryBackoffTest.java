package com.botbuddy.batch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    static RetryBackoff backoff(double random) {
        return new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> random, NOW);
    }

    @Test
    void delayDoublesPerRetryWithJitterBetweenHalfAndOneAndAHalf() {
        assertThat(backoff(0.5).delayMillis(1, null)).isEqualTo(100);
        assertThat(backoff(0.5).delayMillis(2, null)).isEqualTo(200);
        assertThat(backoff(0.5).delayMillis(3, null)).isEqualTo(400);
        assertThat(backoff(0.0).delayMillis(3, null)).isEqualTo(200);
        assertThat(backoff(0.999).delayMillis(3, null)).isBetween(590L, 600L);
    }

    @Test
    void delayIsCappedAtMaxDelay() {
        assertThat(backoff(0.5).delayMillis(10, null)).isEqualTo(2000);
        assertThat(backoff(0.5).delayMillis(1000, null)).isEqualTo(2000);
    }

    @Test
    void retryAfterIsALowerBoundAndCappedAtMaxDelay() {
        assertThat(backoff(0.5).delayMillis(1, Duration.ofSeconds(1))).isEqualTo(1000);
        assertThat(backoff(0.5).delayMillis(1, Duration.ofSeconds(60))).isEqualTo(2000);
        assertThat(backoff(0.5).delayMillis(4, Duration.ofMillis(10))).isEqualTo(800);
    }

    @Test
    void retryAfterParsesSecondsAndHttpDate() {
        assertThat(backoff(0.5).parseRetryAfter("1")).contains(Duration.ofSeconds(1));
        assertThat(backoff(0.5).parseRetryAfter(" 120 ")).contains(Duration.ofSeconds(120));
        assertThat(backoff(0.5).parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT")).contains(Duration.ofSeconds(30));
        assertThat(backoff(0.5).parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT")).contains(Duration.ZERO);
        assertThat(backoff(0.5).parseRetryAfter("soon")).isEmpty();
        assertThat(backoff(0.5).parseRetryAfter("")).isEmpty();
        assertThat(backoff(0.5).parseRetryAfter(null)).isEmpty();
        assertThat(backoff(0.5).parseRetryAfter("99999999999999999999999")).contains(Duration.ofSeconds(2));
    }
}
