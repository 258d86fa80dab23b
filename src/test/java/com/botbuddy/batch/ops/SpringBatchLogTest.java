package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Spring Batch's log events on their way out: a warning as one console line (in the console pattern of
 * application.properties) and whole in the support log, an error in the support log only.
 */
class SpringBatchLogTest {
    private static final String STEP_LOGGER = "org.springframework.batch.core.step.AbstractStep";

    @TempDir
    Path dir;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger batch = context.getLogger(SpringBatchLog.LOGGER);
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
    private Level batchLevel;

    @BeforeEach
    void consoleAsTheApplicationHasIt() throws IOException {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern((String) new ResourcePropertySource(new ClassPathResource("application.properties"))
                .getProperty("logging.pattern.console"));
        encoder.start();
        console.setContext(context);
        console.setName("test-console");
        console.setEncoder(encoder);
        console.setOutputStream(consoleBytes);
        console.start();
        root.addAppender(console);
        batchLevel = batch.getLevel();
        batch.setLevel(Level.WARN);
    }

    @AfterEach
    void restoreLogback() {
        root.detachAppender(console);
        console.stop();
        batch.detachAppender(SpringBatchLog.NAME);
        batch.setAdditive(true);
        batch.setLevel(batchLevel);
    }

    @Test
    void aWarningIsOneConsoleLineWithItsExceptionsMessageAndWholeInTheSupportLog() throws IOException {
        String text;
        try (SupportLog log = SupportLog.open(dir.resolve("home"), 5, "export")) {
            SupportLog.springStarted();
            SpringBatchLog.attach();
            LoggerFactory.getLogger(STEP_LOGGER).warn("Chunk rolled back in step fetchLeads",
                    new IllegalStateException("connection reset\nby peer", new IOException("socket closed")));
            text = Files.readString(log.fileIfMade().orElseThrow(), StandardCharsets.UTF_8);
        }

        assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d WARN  Chunk rolled back in step fetchLeads: connection reset"
                        + System.lineSeparator());
        assertThat(text).contains("WARN  [main] " + STEP_LOGGER + " - Chunk rolled back in step fetchLeads"
                + System.lineSeparator() + "java.lang.IllegalStateException: connection reset")
                .contains("Caused by: java.io.IOException: socket closed").contains("\tat ");
    }

    @Test
    void aWarningWithoutSupportLogStillReachesTheConsoleAsOneLine() {
        SpringBatchLog.attach();
        LoggerFactory.getLogger(STEP_LOGGER).warn("Job execution already recovered: 7", new NullPointerException());

        assertThat(consoleBytes.toString(StandardCharsets.UTF_8))
                .endsWith(" WARN  Job execution already recovered: 7: NullPointerException" + System.lineSeparator())
                .hasLineCount(1);
    }

    @Test
    void anErrorGoesToTheSupportLogOnly() throws IOException {
        String text;
        try (SupportLog log = SupportLog.open(dir.resolve("home"), 5, "export")) {
            SupportLog.springStarted();
            SpringBatchLog.attach();
            LoggerFactory.getLogger(STEP_LOGGER).error("Encountered an error executing step fetchLeads in job export",
                    new IllegalStateException("the API is down"));
            text = Files.readString(log.fileIfMade().orElseThrow(), StandardCharsets.UTF_8);
        }

        assertThat(consoleBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(text).contains("ERROR [main] " + STEP_LOGGER + " - Encountered an error executing step fetchLeads")
                .contains("java.lang.IllegalStateException: the API is down").contains("\tat ");
    }
}
