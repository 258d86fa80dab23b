package com.botbuddy.batch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import com.botbuddy.batch.sandbox.SandboxPair;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code botbuddy sandbox}: the local API double, in the foreground until Ctrl-C. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {
                "Runs the local inbox API double (the sandbox) on 127.0.0.1 until stopped with Ctrl-C.",
                "It serves any well-formed botId/customerId pair (letters, digits, '-', '.', '_', '~'), each with "
                        + "--chats chats of its own derived from the seed and the two ids: the same seed, ids and "
                        + "options give byte-identical pages within a UTC day. --bots N prints N pairs to use.",
                "GET /_sandbox/stats shows request counts; DELETE /_sandbox/stats resets them." })
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8089",
            description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--chats", paramLabel = "N", defaultValue = "2000",
            description = "How many chats each pair has, leads and non-leads together (default: ${DEFAULT-VALUE}).")
    int chats;

    @Option(names = "--lead-share", paramLabel = "SHARE", defaultValue = "0.6",
            description = "Share of chats that are leads, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double leadShare;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Data seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "50",
            description = "Chats per listing page (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay added to every API answer, in milliseconds (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--fault-rate", paramLabel = "RATE", defaultValue = "0",
            description = {"Share of requests that fail (500, 429, slow, dropped, truncated), 0 to 1 (default: ${DEFAULT-VALUE}).",
                    "Deterministic from the seed; the 4th attempt at the same page or uuid never fails."})
    double faultRate;

    @Option(names = "--bots", paramLabel = "N", defaultValue = "1",
            description = {"How many bot/customer pairs to print, 1 to " + SandboxPair.MAX_GENERATED
                    + " (default: ${DEFAULT-VALUE}): demo-bot/demo-customer, demo-bot-2/demo-customer, ...",
                    "Only names them: every well-formed pair is served."})
    int bots;

    @Option(names = "--bot-id", paramLabel = "ID", defaultValue = SandboxSettings.DEFAULT_BOT_ID,
            description = "The botId of the example command printed at start (default: ${DEFAULT-VALUE}).")
    String botId;

    @Option(names = "--customer-id", paramLabel = "ID", defaultValue = SandboxSettings.DEFAULT_CUSTOMER_ID,
            description = "The customerId of the example command printed at start (default: ${DEFAULT-VALUE}).")
    String customerId;

    @Option(names = "--bot-token", paramLabel = "TOKEN", defaultValue = SandboxSettings.DEFAULT_BOT_TOKEN,
            description = "The x-bot-token the sandbox accepts; a fake token (default: ${DEFAULT-VALUE}).")
    String botToken;

    @Option(names = "--bp-token", paramLabel = "TOKEN", defaultValue = SandboxSettings.DEFAULT_BP_TOKEN,
            description = "The x-bp-token the sandbox accepts; a fake token (default: ${DEFAULT-VALUE}).")
    String bpToken;

    @Option(names = "--now", paramLabel = "INSTANT",
            description = "Anchor of the generated dates, ISO-8601 (e.g. 2026-01-31T00:00:00Z); default: the start of the current UTC day.")
    String now;

    @Override
    public Integer call() throws InterruptedException {
        SandboxServer server;
        try {
            server = start();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCode.BAD_USAGE.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
        return ExitCode.COMPLETED.code();
    }

    /** Starts the server from the options and prints how to use it, the {@code --bots} pairs among it. */
    SandboxServer start() {
        SandboxSettings settings = settings();
        SandboxServer server = SandboxServer.start(settings);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("BotBuddy sandbox listening on %s (%d chats per bot/customer pair; pages of %d; seed %d; now %s)%n",
                server.baseUrl(), settings.chats(), settings.pageSize(), settings.seed(), settings.now());
        if (settings.latencyMs() > 0 || settings.faultRate() > 0) {
            out.printf("latency %d ms, fault rate %s%n", settings.latencyMs(), settings.faultRate());
        }
        List<SandboxPair> pairs = SandboxPair.firstGenerated(bots);
        out.printf("It serves any well-formed botId/customerId pair, each with chats of its own. %s to use:%n",
                pairs.size() == 1 ? "A pair" : pairs.size() + " pairs");
        for (SandboxPair pair : pairs) {
            out.printf("  --bot-id %s --customer-id %s%n", pair.botId(), pair.customerId());
        }
        if (pairs.size() > 1) {
            out.printf("  as a job file's targets: targets=%s%n",
                    pairs.stream().map(SandboxPair::toString).collect(Collectors.joining(", ")));
        }
        out.printf("%s/%s: %d leads, %d non-leads%n", settings.botId(), settings.customerId(),
                server.data().leadCount(), server.data().nonLeadCount());
        out.println("Use it from another terminal (these are the sandbox's own fake tokens):");
        out.printf("  export BOTBUDDY_BASE_URL=%s%n", server.baseUrl());
        out.printf("  export BOTBUDDY_BOT_TOKEN=%s%n", settings.botToken());
        out.printf("  export BOTBUDDY_BP_TOKEN=%s%n", settings.bpToken());
        out.printf("  scripts/botbuddy export --bot-id %s --customer-id %s%n", settings.botId(), settings.customerId());
        out.printf("Stats: curl %s%s%n", server.baseUrl(), SandboxServer.STATS_PATH);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        return server;
    }

    SandboxSettings settings() {
        Instant anchor = SandboxSettings.startOfTodayUtc();
        if (now != null) {
            try {
                anchor = Instant.parse(now);
            } catch (DateTimeParseException e) {
                throw bad("--now must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, was '" + now + "'");
            }
        }
        if (port < 0 || port > 65535) {
            throw bad("--port must be between 0 and 65535, was " + port);
        }
        if (chats < 0) {
            throw bad("--chats must be 0 or more, was " + chats);
        }
        if (!(leadShare >= 0 && leadShare <= 1)) {
            throw bad("--lead-share must be between 0 and 1, was " + leadShare);
        }
        if (pageSize < 1) {
            throw bad("--page-size must be 1 or more, was " + pageSize);
        }
        if (latencyMs < 0) {
            throw bad("--latency-ms must be 0 or more, was " + latencyMs);
        }
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw bad("--fault-rate must be between 0 and 1, was " + faultRate);
        }
        if (bots < 1 || bots > SandboxPair.MAX_GENERATED) {
            throw bad("--bots must be between 1 and " + SandboxPair.MAX_GENERATED + ", was " + bots);
        }
        String idProblem = SandboxPair.problem(botId, customerId);
        if (idProblem != null) {
            throw bad("--bot-id/--customer-id: " + idProblem);
        }
        try {
            return new SandboxSettings(port, chats, leadShare, seed, pageSize, latencyMs, faultRate, botId, customerId,
                    botToken, bpToken, anchor, false, 0);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
