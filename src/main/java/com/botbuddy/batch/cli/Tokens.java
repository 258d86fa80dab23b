package com.botbuddy.batch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.ops.InvalidInputException;

import picocli.CommandLine.Option;

/**
 * Where the two API tokens come from: a file (option) or the environment. Never a job parameter; the
 * value is handed to the client in memory only and never printed.
 */
public class Tokens {

    @Option(names = "--bot-token-file", paramLabel = "FILE",
            description = "File holding the read token (sent as x-bot-token). Default: env BOTBUDDY_BOT_TOKEN.")
    Path botTokenFile;

    @Option(names = "--bp-token-file", paramLabel = "FILE",
            description = "File holding the write token (sent as x-bp-token). Default: env BOTBUDDY_BP_TOKEN.")
    Path bpTokenFile;

    /** The read token as a Spring property map entry; exit 2 (InvalidInputException) when there is none. */
    Map<String, Object> requireBotToken() {
        return Map.of(ApiCredentials.BOT_TOKEN_ENV, read(botTokenFile, ApiCredentials.BOT_TOKEN_ENV, "--bot-token-file"));
    }

    /**
     * The read token when one is given (file or environment), else nothing: the import reads the live chats with it
     * when it can, and needs it only for rows carrying updated_at.
     */
    Map<String, Object> optionalBotToken() {
        if (botTokenFile == null) {
            String token = System.getenv(ApiCredentials.BOT_TOKEN_ENV);
            if (token == null || token.isBlank()) {
                return Map.of();
            }
        }
        return requireBotToken();
    }

    /** Whether a read token is given (file or environment), without reading it. */
    boolean hasBotToken() {
        String token = System.getenv(ApiCredentials.BOT_TOKEN_ENV);
        return botTokenFile != null || (token != null && !token.isBlank());
    }

    Map<String, Object> requireBpToken() {
        return Map.of(ApiCredentials.BP_TOKEN_ENV, read(bpTokenFile, ApiCredentials.BP_TOKEN_ENV, "--bp-token-file"));
    }

    private static String read(Path file, String env, String option) {
        if (file != null) {
            try {
                String token = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new InvalidInputException("the token file " + file + " (" + option + ") is empty");
                }
                return token;
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the token file " + file + " (" + option + "): "
                        + e.getClass().getSimpleName());
            }
        }
        String token = System.getenv(env);
        if (token == null || token.isBlank()) {
            throw new InvalidInputException("no API token: set " + env + " or pass " + option + " FILE");
        }
        return token.strip();
    }
}
