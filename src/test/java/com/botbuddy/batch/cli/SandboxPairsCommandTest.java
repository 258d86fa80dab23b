package com.botbuddy.batch.cli;

import static com.botbuddy.batch.cli.CommandLineContractTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.cli.CommandLineContractTest.Run;
import com.botbuddy.batch.client.Chat;
import com.botbuddy.batch.sandbox.SandboxData;
import com.botbuddy.batch.sandbox.SandboxPair;
import com.botbuddy.batch.sandbox.SandboxServer;
import com.botbuddy.batch.sandbox.SandboxSettings;
import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvValidationException;

import picocli.CommandLine;

/** {@code sandbox --bots N} names pairs to use, and {@code export --sandbox} exports whichever pair it is given. */
class SandboxPairsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void sandboxBotsThreePrintsThreePairsThatEachGetChatsOfTheirOwn() throws Exception {
        CommandLine cl = BotBuddyCli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        CommandLine.ParseResult parsed = cl.parseArgs("sandbox", "--port", "0", "--chats", "60", "--bots", "3");
        SandboxCommand command = (SandboxCommand) parsed.subcommand().commandSpec().userObject();
        try (SandboxServer server = command.start()) {
            List<SandboxPair> printed = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^  --bot-id (\\S+) --customer-id (\\S+)$").matcher(out.toString());
            while (m.find()) {
                printed.add(new SandboxPair(m.group(1), m.group(2)));
            }
            assertThat(printed).as(out.toString()).isEqualTo(SandboxPair.firstGenerated(3));
            assertThat(out.toString()).contains(
                    "targets=demo-bot/demo-customer, demo-bot-2/demo-customer, demo-bot-3/demo-customer");

            HttpClient http = HttpClient.newHttpClient();
            Set<String> bodies = new HashSet<>();
            for (SandboxPair pair : printed) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + SandboxServer.LISTING_PATH + "?botId=" + pair.botId() + "&customerId=" + pair.customerId()
                        + "&page=1&type=lead")).header("x-bot-token", SandboxSettings.DEFAULT_BOT_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as(pair.toString()).isEqualTo(200);
                assertThat(page.body()).contains("\"uuid\":\"" + server.data(pair).uuid(server.data(pair).leadIndices()[0]));
                bodies.add(page.body());
            }
            assertThat(bodies).as("three pairs, three different first pages").hasSize(3);
        }
    }

    @Test
    void exportSandboxWithIdsOtherThanTheDefaultCompletesWithThatPairsChats() throws IOException, CsvValidationException {
        Path out = tmp.resolve("reports");
        Run r = run("export", "--sandbox", "--sandbox-chats", "80", "--bot-id", "acme-bot", "--customer-id", "acme-co",
                "--date", "2031-02-03", "--home", tmp.resolve("data").toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("sandbox: serving 80 chats for acme-bot/acme-co at ")
                .contains("(80 chats, ").doesNotContain("unknown botId");

        Set<String> exported = uuidsOf(out.resolve("acme-co/acme-bot/2031-02-03/chats.csv"));
        SandboxSettings settings = SandboxSettings.defaults().withChats(80);
        Set<String> acme = uuidsOf(new SandboxData(settings.withIds("acme-bot", "acme-co")));
        assertThat(exported).hasSize(80).isEqualTo(acme);
        assertThat(exported).as("not the demo pair's chats").doesNotContainAnyElementsOf(uuidsOf(new SandboxData(settings)));
    }

    @Test
    void exportSandboxWithAMalformedIdIsTheApisRefusalExit2() {
        Run r = run("export", "--sandbox", "--sandbox-chats", "20", "--bot-id", "acme bot", "--customer-id", "acme-co",
                "--home", tmp.resolve("data").toString(), "--out", tmp.resolve("reports").toString());
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("(400): botId is malformed").doesNotContain("\tat ");
    }

    private static Set<String> uuidsOf(SandboxData data) {
        return data.chats().map(Chat::uuid).collect(Collectors.toSet());
    }

    private static Set<String> uuidsOf(Path chatsCsv) throws IOException, CsvValidationException {
        try (CSVReader csv = new CSVReader(Files.newBufferedReader(chatsCsv))) {
            String[] header = csv.readNext();
            int uuid = List.of(header).indexOf("uuid");
            assertThat(uuid).as(String.join(",", header)).isNotNegative();
            Set<String> uuids = new HashSet<>();
            for (String[] row : csv) {
                uuids.add(row[uuid]);
            }
            return uuids;
        }
    }
}
