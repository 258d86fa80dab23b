package com.botbuddy.batch.cli;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import picocli.CommandLine.ITypeConverter;

/** Durations as in application.properties: {@code 500ms}, {@code 10s}, {@code 2m}, or ISO-8601 {@code PT10S}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new OptionValueException("must be a duration such as 500ms, 10s, 2m or PT10S, not '" + value + "'");
        }
    }
}
