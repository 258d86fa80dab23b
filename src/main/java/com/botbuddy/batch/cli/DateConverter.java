package com.botbuddy.batch.cli;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;

/** A calendar date written exactly {@code YYYY-MM-DD}: no other spelling, no day the calendar lacks (2026-02-30). */
public final class DateConverter implements ITypeConverter<LocalDate> {
    private static final Pattern YYYY_MM_DD = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Override
    public LocalDate convert(String value) {
        if (YYYY_MM_DD.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeException e) {
                // an impossible month or day: refused below
            }
        }
        throw new OptionValueException("must be a calendar date as YYYY-MM-DD, not '" + value + "'");
    }
}
