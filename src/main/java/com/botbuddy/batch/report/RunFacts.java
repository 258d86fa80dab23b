package com.botbuddy.batch.report;

import java.time.Duration;

/** What the export job knows about the run that the report cannot count itself. */
public record RunFacts(long pagesRead, long duplicatesDropped, Duration duration, long jobExecutionId) {
}
