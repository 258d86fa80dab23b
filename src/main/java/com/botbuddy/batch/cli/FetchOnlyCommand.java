package com.botbuddy.batch.cli;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.ChatType;
import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpInboxClient;
import com.botbuddy.batch.export.ChatPage;
import com.botbuddy.batch.export.ChatPageReader;
import com.botbuddy.batch.export.ExportParameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The export's raw fetch, for benchmarks: pages through the listings with the export's own page reader
 * and client (same window of concurrent requests), parses every chat and throws it away. No job
 * repository, no staging, no reports: what the export costs beyond this is the report's overhead.
 */
@Command(name = "fetch-only", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark aid: read every page like the export does, discard the chats, print the timing.")
public final class FetchOnlyCommand implements Callable<Integer> {

    @Option(names = "--bot-id", required = true)
    String botId;

    @Option(names = "--customer-id", required = true)
    String customerId;

    @Option(names = "--type", defaultValue = "all")
    String type;

    @Option(names = "--concurrency", defaultValue = "4")
    int concurrency;

    @Mixin
    Tokens tokens;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        runtime.checkBaseUrl();
        Map<String, Object> token = tokens.requireBotToken();
        Object url = runtime.springProperties().getOrDefault("botbuddy.api.base-url", ClientSettings.DEFAULT_BASE_URL);
        HttpInboxClient client = new HttpInboxClient(ClientSettings.defaults(url.toString()),
                ApiCredentials.of((String) token.get(ApiCredentials.BOT_TOKEN_ENV), null));
        ExportParameters params = new ExportParameters(botId, customerId, type, LocalDate.now(), java.nio.file.Path.of("."),
                "csv", ZoneId.of("UTC"), concurrency, 1, 10_000_000, "");
        long start = System.nanoTime();
        long pages = 0;
        long chats = 0;
        for (ChatType chatType : params.types()) {
            ChatPageReader reader = ChatPageReader.parsingEveryChat(client, params, chatType);
            reader.open(new ExecutionContext());
            try {
                for (ChatPage page = reader.read(); page != null; page = reader.read()) {
                    pages++;
                    chats += page.size();
                }
            } finally {
                reader.close();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        double seconds = took.toNanos() / 1e9;
        System.out.printf(java.util.Locale.ROOT, "fetch-only: %d pages, %d chats in %.2f s (%.0f chats/s, %.1f pages/s)%n",
                pages, chats, seconds, chats / seconds, pages / seconds);
        return ExitCode.COMPLETED.code();
    }
}
