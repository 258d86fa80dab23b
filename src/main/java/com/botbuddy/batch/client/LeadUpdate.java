package com.botbuddy.batch.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PUT /inbox/direct/lead}. {@code uuid}, {@code botId} and {@code customerId} are
 * required; every other field is sent only when not {@code null} ({@code null} means "leave unchanged").
 * An empty string or empty list is sent as such and clears the field.
 * {@code dialCode} carries the "+" ("+91"); {@code agentId} is an id string (the reference's "Boolean" is a typo).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeadUpdate(
        @JsonProperty("uuid") String uuid,
        @JsonProperty("botId") String botId,
        @JsonProperty("customerId") String customerId,
        @JsonProperty("agentId") String agentId,
        @JsonProperty("status") String status,
        @JsonProperty("picture") String picture,
        @JsonProperty("name") String name,
        @JsonProperty("email") String email,
        @JsonProperty("phone") String phone,
        @JsonProperty("dialCode") String dialCode,
        @JsonProperty("notes") List<NoteInput> notes,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("attributes") List<Chat.Attribute> attributes) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NoteInput(
            @JsonProperty("title") String title,
            @JsonProperty("description") String description) {
    }
}
