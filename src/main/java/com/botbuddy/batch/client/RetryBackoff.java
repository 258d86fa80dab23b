package com.botbuddy.batch.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt of a retryable request.
 *
 * <p>Exponential backoff: before retry {@code n} (1 = the wait after the first failed attempt) the base
 * delay is {@code initialDelay * 2^(n-1)}, multiplied by a random jitter factor in {@code [0.5, 1.5)} so
 * that many threads failing together do not come back together. A server's {@code Retry-After}
 * (delta-seconds or an HTTP-date) is a lower bound: the wait is the larger of the two. Every wait is
 * capped at {@code maxDelay}, including one asked for by {@code Retry-After}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryBackoff {
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;
    private final Clock clock;

    public RetryBackoff(Duration initialDelay, Duration maxDelay) {
        this(initialDelay, maxDelay, () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
    }

    RetryBackoff(Duration initialDelay, Duration maxDelay, DoubleSupplier random, Clock clock) {
        this.initialDelay = initialDelay == null || initialDelay.isNegative() ? Duration.ZERO : initialDelay;
        this.maxDelay = maxDelay == null || maxDelay.isNegative() ? Duration.ZERO : maxDelay;
        this.random = random;
        this.clock = clock;
    }

    /**
     * The wait in milliseconds before retry number {@code retry} (1-based).
     *
     * @param retryAfter the server's {@code Retry-After}, if it sent one
     */
    public long delayMillis(int retry, Duration retryAfter) {
        long cap = maxDelay.toMillis();
        long base = initialDelay.toMillis();
        int shift = Math.max(0, Math.min(retry - 1, 30));
        double exponential = (double) base * (1L << shift);
        double jittered = exponential * (0.5 + random.getAsDouble());
        long wait = (long) Math.min(jittered, (double) Long.MAX_VALUE);
        if (retryAfter != null && !retryAfter.isNegative()) {
            wait = Math.max(wait, retryAfter.toMillis());
        }
        return Math.max(0, Math.min(wait, cap));
    }

    /**
     * Parses a {@code Retry-After} value: delta-seconds ({@code "120"}) or an HTTP-date
     * ({@code "Wed, 21 Oct 2015 07:28:00 GMT"}). A date in the past means "now" (zero); anything
     * unparsable is ignored (empty).
     */
    public Optional<Duration> parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.of(maxDelay); // absurdly large: the cap applies anyway
            }
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
