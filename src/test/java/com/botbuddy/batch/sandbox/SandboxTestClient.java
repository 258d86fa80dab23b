package com.botbuddy.batch.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.botbuddy.batch.client.ChatListing;
import com.botbuddy.batch.client.ChatType;

import tools.jackson.databind.json.JsonMapper;

/** A tiny raw HTTP client for the sandbox tests (the project's own client is tested elsewhere). */
final class SandboxTestClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SandboxServer server;

    SandboxTestClient(SandboxServer server) {
        this.server = server;
    }

    HttpResponse<byte[]> page(ChatType type, String page) {
        SandboxSettings s = server.settings();
        return listing(Map.of("botId", s.botId(), "customerId", s.customerId(), "page", page, "type", type.apiValue()),
                s.botToken());
    }

    HttpResponse<byte[]> page(ChatType type, long page) {
        return page(type, Long.toString(page));
    }

    ChatListing listingOf(HttpResponse<byte[]> response) {
        return JSON.readValue(response.body(), ChatListing.class);
    }

    HttpResponse<byte[]> listing(Map<String, String> params, String token) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + SandboxServer.LISTING_PATH + q))
                .timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            b.header("x-bot-token", token);
        }
        return send(b.build());
    }

    HttpResponse<byte[]> put(Object body) {
        return put(body, server.settings().bpToken());
    }

    HttpResponse<byte[]> put(Object body, String token) {
        byte[] bytes = body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + SandboxServer.UPDATE_PATH))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            b.header("x-bp-token", token);
        }
        return send(b.build());
    }

    HttpResponse<byte[]> raw(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
