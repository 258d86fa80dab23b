package com.botbuddy.batch.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The envelope of {@code GET /inbox/direct/chats}: {@code {success, message, data: [chat...], code}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatListing(
        @JsonProperty("success") Boolean success,
        @JsonProperty("message") String message,
        @JsonProperty("data") List<Chat> data,
        @JsonProperty("code") Integer code) {

    public List<Chat> chats() {
        return data == null ? List.of() : data;
    }
}
