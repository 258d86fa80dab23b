package com.botbuddy.batch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.botbuddy.batch.cli.BotBuddyCli;

import picocli.CommandLine;

class SandboxCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = BotBuddyCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        StringWriter out = new StringWriter();
        assertThat(run(out, new StringWriter(), "sandbox", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("--port", "--chats", "--lead-share", "--seed", "--page-size", "--latency-ms",
                "--fault-rate", "--bots", "--bot-id", "--customer-id", "--bot-token", "--bp-token", "--now",
                "default: 8089", "default: 2000", "default: 0.6", "default: 42", "default: 50", "default: 1",
                "any well-formed botId/customerId pair");
    }

    @ParameterizedTest
    @ValueSource(strings = { "--chats=-1", "--lead-share=1.5", "--lead-share=-0.1", "--page-size=0", "--latency-ms=-5",
            "--fault-rate=2", "--port=70000", "--now=yesterday", "--bot-id= ", "--chats=many", "--bots=0", "--bots=1001",
            "--customer-id=a/b" })
    void badValuesExitWithCode2(String option) {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "sandbox", option)).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ");
    }
}
