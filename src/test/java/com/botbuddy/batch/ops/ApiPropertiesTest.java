package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.botbuddy.batch.client.ClientSettings;

/** The client's settings bound from wherever Spring found them, and a bad one refused naming itself. */
class ApiPropertiesTest {

    /** The API's beans as the application wires them, with nothing set but what a test sets. */
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ApiConfiguration.class);

    @Test
    void unsetSettingsTakeTheDocumentedDefaults() {
        context.run(c -> assertThat(c.getBean(ClientSettings.class)).isEqualTo(new ClientSettings(
                ClientSettings.DEFAULT_BASE_URL, Duration.ofSeconds(10), Duration.ofSeconds(30), 5,
                Duration.ofMillis(200), Duration.ofSeconds(30), 0, ClientSettings.DEFAULT_MAX_ANSWER_BYTES)));
    }

    @Test
    void setSettingsAreReadInSpringsSpellings() {
        context.withPropertyValues("botbuddy.api.base-url=http://127.0.0.1:9", "botbuddy.api.connect-timeout=2s",
                "botbuddy.api.read-timeout=1500ms", "botbuddy.api.retry-attempts=1",
                "botbuddy.api.retry-initial-delay=0s", "botbuddy.api.retry-max-delay=1m",
                "botbuddy.api.requests-per-second=2.5", "botbuddy.api.max-answer-size=4MB")
                .run(c -> assertThat(c.getBean(ClientSettings.class)).isEqualTo(new ClientSettings(
                        "http://127.0.0.1:9", Duration.ofSeconds(2), Duration.ofMillis(1500), 1, Duration.ZERO,
                        Duration.ofMinutes(1), 2.5, 4L << 20)));
    }

    @Test
    void aValueThatCannotBeConvertedNamesTheSettingItsVariableAndWhatItMustBe() {
        assertRefused("botbuddy.api.retry-attempts", "abc",
                "botbuddy.api.retry-attempts (--retry-attempts, environment BOTBUDDY_API_RETRY_ATTEMPTS) must be"
                        + " a whole number of at least 1 (1 = no retry), not 'abc'");
        assertRefused("botbuddy.api.read-timeout", "soon",
                "botbuddy.api.read-timeout (--read-timeout, environment BOTBUDDY_API_READ_TIMEOUT) must be"
                        + " a duration above zero, such as 30s, not 'soon'");
        assertRefused("botbuddy.api.requests-per-second", "fast",
                "botbuddy.api.requests-per-second (--requests-per-second, environment"
                        + " BOTBUDDY_API_REQUESTS_PER_SECOND) must be a number of zero or more (0 = no limit),"
                        + " not 'fast'");
    }

    @Test
    void aValueOutsideItsRangeIsRefusedToo() {
        assertRefused("botbuddy.api.retry-attempts", "0", "must be a whole number of at least 1");
        assertRefused("botbuddy.api.connect-timeout", "0s", "must be a duration above zero");
        assertRefused("botbuddy.api.retry-max-delay", "-1s", "botbuddy.api.retry-max-delay (environment"
                + " BOTBUDDY_API_RETRY_MAX_DELAY) must be a duration of zero or more"); // no option of its own
        assertRefused("botbuddy.api.requests-per-second", "-3", "must be a number of zero or more");
        assertRefused("botbuddy.api.requests-per-second", "Infinity", "must be a number of zero or more");
        assertRefused("botbuddy.api.max-answer-size", "100B", "botbuddy.api.max-answer-size (--max-answer-size,"
                + " environment BOTBUDDY_API_MAX_ANSWER_SIZE) must be a size from 1KB to 2GB, such as 32MB, not '100B'");
        assertRefused("botbuddy.api.max-answer-size", "3GB", "must be a size from 1KB to 2GB");
        assertRefused("botbuddy.api.base-url", "api.example.com",
                "botbuddy.api.base-url (--base-url, environment BOTBUDDY_API_BASE_URL) must be an absolute http(s) URL,"
                        + " not 'api.example.com'");
    }

    @Test
    void aRefusedVariableIsQuotedAsItWasWrittenInOneMessage() {
        context.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("environment", Map.of("BOTBUDDY_API_READ_TIMEOUT", "0s"))))
                .run(c -> assertThat(refusal(c.getStartupFailure())).hasMessage(
                        "botbuddy.api.read-timeout (--read-timeout, environment BOTBUDDY_API_READ_TIMEOUT) must be"
                                + " a duration above zero, such as 30s, not '0s'"));
    }

    private void assertRefused(String key, String value, String message) {
        context.withPropertyValues(key + "=" + value)
                .run(c -> assertThat(refusal(c.getStartupFailure())).hasMessageContaining(message));
    }

    /** The refusal in a failed start's causes, as the command line finds it ({@code BatchContext}). */
    private static InvalidInputException refusal(Throwable startupFailure) {
        assertThat(startupFailure).as("the context refused to start").isNotNull();
        InvalidInputException refused = FailureAnalysis.find(startupFailure, InvalidInputException.class);
        assertThat(refused).as("an InvalidInputException among the causes of %s", startupFailure).isNotNull();
        return refused;
    }
}
