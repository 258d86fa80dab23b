package com.botbuddy.batch.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The content of {@code run.json}. Dates and instants are ISO-8601 text. */
@JsonPropertyOrder({"botId", "customerId", "runDate", "zone", "runStartedAt", "durationMs", "jobExecutionId",
    "pagesRead", "duplicatesDropped", "chats", "counts", "undated", "funnel", "files"})
record RunSummary(
        @JsonProperty("botId") String botId,
        @JsonProperty("customerId") String customerId,
        @JsonProperty("runDate") String runDate,
        @JsonProperty("zone") String zone,
        @JsonProperty("runStartedAt") String runStartedAt,
        @JsonProperty("durationMs") long durationMs,
        @JsonProperty("jobExecutionId") long jobExecutionId,
        @JsonProperty("pagesRead") long pagesRead,
        @JsonProperty("duplicatesDropped") long duplicatesDropped,
        @JsonProperty("chats") long chats,
        @JsonProperty("counts") Map<String, Long> counts,
        @JsonProperty("undated") long undated,
        @JsonProperty("funnel") List<ReportFigures.FunnelRow> funnel,
        @JsonProperty("files") List<String> files) {
}
