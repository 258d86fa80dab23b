package com.botbuddy.batch.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One chat as the listing returns it. Every field may be missing; unknown fields are ignored.
 * Instants are kept as the API sent them (ISO-8601 text) so reports reproduce them exactly.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Chat(
        @JsonProperty("_id") String id,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("createdAt") String createdAt,
        @JsonProperty("isOnline") Boolean isOnline,
        @JsonProperty("lastMessage") LastMessage lastMessage,
        @JsonProperty("lastSeenAt") String lastSeenAt,
        @JsonProperty("profile") Profile profile,
        @JsonProperty("status") String status,
        @JsonProperty("updatedAt") String updatedAt,
        @JsonProperty("websiteVisits") Integer websiteVisits,
        @JsonProperty("_agentAssigned") String agentAssigned) {

    /** The key chats are deduplicated by: {@code _id}, falling back to {@code uuid}. */
    public String key() {
        return keyOf(id, uuid);
    }

    /** The key of a chat with these {@code _id} and {@code uuid}. */
    public static String keyOf(String id, String uuid) {
        return id != null && !id.isBlank() ? id : uuid;
    }

    /**
     * Whether the chat can be contacted: it has a non-blank email or phone number. The one definition the
     * report's funnel and the lead history share.
     */
    public boolean isContactable() {
        return isContactable(contact().email(), phone().number());
    }

    /** Whether a lead with this email and phone number is contactable: either is non-blank. */
    public static boolean isContactable(String email, String phoneNumber) {
        return (email != null && !email.isBlank()) || (phoneNumber != null && !phoneNumber.isBlank());
    }

    public UserDetails userDetails() {
        return profile == null || profile.userDetails() == null ? UserDetails.EMPTY : profile.userDetails();
    }

    public Contact contact() {
        Contact contact = userDetails().contact();
        return contact == null ? Contact.EMPTY : contact;
    }

    public Phone phone() {
        Phone phone = contact().phone();
        return phone == null ? Phone.EMPTY : phone;
    }

    public List<Note> notes() {
        return profile == null || profile.notes() == null ? List.of() : profile.notes();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastMessage(
            @JsonProperty("at") String at,
            @JsonProperty("by") String by,
            @JsonProperty("text") String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(
            @JsonProperty("notes") List<Note> notes,
            @JsonProperty("userDetails") UserDetails userDetails) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Note(
            @JsonProperty("title") String title,
            @JsonProperty("description") String description,
            @JsonProperty("_id") String id) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserDetails(
            @JsonProperty("name") String name,
            @JsonProperty("picture") String picture,
            @JsonProperty("contact") Contact contact,
            @JsonProperty("city") String city,
            @JsonProperty("country") String country,
            @JsonProperty("gender") String gender,
            @JsonProperty("tags") List<String> tags,
            @JsonProperty("attributes") List<Attribute> attributes) {
        static final UserDetails EMPTY = new UserDetails(null, null, null, null, null, null, null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(
            @JsonProperty("email") String email,
            @JsonProperty("phone") Phone phone) {
        static final Contact EMPTY = new Contact(null, null);
    }

    /** The listing's phone: {@code prefix} is the dial code <em>without</em> "+". */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Phone(
            @JsonProperty("number") String number,
            @JsonProperty("prefix") String prefix) {
        static final Phone EMPTY = new Phone(null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attribute(
            @JsonProperty("key") String key,
            @JsonProperty("value") String value) {
    }
}
