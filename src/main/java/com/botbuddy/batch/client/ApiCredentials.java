package com.botbuddy.batch.client;

import java.util.Optional;

/**
 * The two tokens the API uses: the read token goes out as {@code x-bot-token} (listing), the write
 * token as {@code x-bp-token} (update). Either may be absent when the job at hand does not need it.
 */
public record ApiCredentials(Optional<ApiToken> botToken, Optional<ApiToken> bpToken) {
    public static final String BOT_TOKEN_ENV = "BOTBUDDY_BOT_TOKEN";
    public static final String BP_TOKEN_ENV = "BOTBUDDY_BP_TOKEN";

    public static ApiCredentials none() {
        return new ApiCredentials(Optional.empty(), Optional.empty());
    }

    public static ApiCredentials of(String botToken, String bpToken) {
        return new ApiCredentials(Optional.ofNullable(botToken).map(ApiToken::of),
                Optional.ofNullable(bpToken).map(ApiToken::of));
    }
}
