package com.botbuddy.batch.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The envelope of {@code PUT /inbox/direct/lead}: {@code {success, message, code}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiResponse(
        @JsonProperty("success") Boolean success,
        @JsonProperty("message") String message,
        @JsonProperty("code") Integer code) {
}
