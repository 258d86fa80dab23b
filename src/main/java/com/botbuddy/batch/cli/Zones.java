package com.botbuddy.batch.cli;

import java.time.DateTimeException;
import java.time.ZoneId;

import com.botbuddy.batch.ops.InvalidInputException;

final class Zones {
    private Zones() {
    }

    static ZoneId parse(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidInputException("--zone '" + zone + "' is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
        }
    }
}
