package com.botbuddy.batch.cli;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.sandbox.SandboxPair;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

/**
 * The API double started inside this process for {@code export --sandbox} and {@code import --sandbox} (and for
 * restarting such a run: the spec stored with the job brings back the same data). Like {@code sandbox}, it serves any
 * well-formed bot/customer pair, each pair's chats derived from the seed and the two ids, so the spec needs no ids:
 * the job's own parameters name the pair. {@link SandboxPair#generated(int)} names pairs to try.
 */
final class InProcessSandbox implements AutoCloseable {
    private final SandboxServer server;
    private final SandboxSettings settings;

    private InProcessSandbox(SandboxServer server, SandboxSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /** {@code chats=N;seed=S;now=INSTANT}: what the job records so a restart serves identical data. */
    static String spec(int chats) {
        SandboxSettings d = SandboxSettings.defaults();
        return "chats=" + chats + ";seed=" + d.seed() + ";now=" + d.now();
    }

    static InProcessSandbox start(String spec) {
        return start(spec, 0);
    }

    /** As {@link #start(String)}, every answer delayed by {@code latencyMs} (timing only: not part of the spec). */
    static InProcessSandbox start(String spec, long latencyMs) {
        SandboxSettings settings = SandboxSettings.defaults().withPort(0).withLatencyMs(latencyMs);
        for (String part : spec.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "chats" -> settings = settings.withChats(Integer.parseInt(kv[1]));
                case "seed" -> settings = settings.withSeed(Long.parseLong(kv[1]));
                case "now" -> settings = settings.withNow(Instant.parse(kv[1]));
                default -> { }
            }
        }
        return new InProcessSandbox(SandboxServer.start(settings), settings);
    }

    String spec() {
        return "chats=" + settings.chats() + ";seed=" + settings.seed() + ";now=" + settings.now();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    String botId() {
        return settings.botId();
    }

    String customerId() {
        return settings.customerId();
    }

    /** The line that tells the operator what is served: to whom, how much, and where. */
    String banner(String botId, String customerId) {
        return "sandbox: serving " + settings.chats() + " chats for " + botId + "/" + customerId + " at "
                + server.baseUrl() + " (any well-formed pair is served, e.g. " + SandboxPair.generated(1) + ")";
    }

    /** Base URL and the sandbox's own (fake) tokens. */
    Map<String, Object> springProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("botbuddy.api.base-url", server.baseUrl());
        p.put(ApiCredentials.BOT_TOKEN_ENV, settings.botToken());
        p.put(ApiCredentials.BP_TOKEN_ENV, settings.bpToken());
        return p;
    }

    @Override
    public void close() {
        server.close();
    }
}
