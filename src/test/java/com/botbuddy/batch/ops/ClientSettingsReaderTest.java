package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.support.ConfigurableConversionService;
import org.springframework.mock.env.MockEnvironment;

import com.botbuddy.batch.client.ClientSettings;

/** The client's settings read from wherever Spring found them, and a bad one refused naming itself. */
class ClientSettingsReaderTest {

    @Test
    void unsetSettingsTakeTheDocumentedDefaults() {
        ClientSettings settings = ClientSettingsReader.read(environment());
        assertThat(settings).isEqualTo(new ClientSettings(ClientSettings.DEFAULT_BASE_URL, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 5, Duration.ofMillis(200), Duration.ofSeconds(30), 0));
    }

    @Test
    void setSettingsAreReadInSpringsSpellings() {
        MockEnvironment env = environment()
                .withProperty("botbuddy.api.base-url", "http://127.0.0.1:9")
                .withProperty("botbuddy.api.connect-timeout", "2s")
                .withProperty("botbuddy.api.read-timeout", "1500ms")
                .withProperty("botbuddy.api.retry-attempts", "1")
                .withProperty("botbuddy.api.retry-initial-delay", "0s")
                .withProperty("botbuddy.api.retry-max-delay", "1m")
                .withProperty("botbuddy.api.requests-per-second", "2.5");
        assertThat(ClientSettingsReader.read(env)).isEqualTo(new ClientSettings("http://127.0.0.1:9",
                Duration.ofSeconds(2), Duration.ofMillis(1500), 1, Duration.ZERO, Duration.ofMinutes(1), 2.5));
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
        assertRefused("botbuddy.api.base-url", "api.example.com",
                "botbuddy.api.base-url (--base-url, environment BOTBUDDY_API_BASE_URL) must be an absolute http(s) URL,"
                        + " not 'api.example.com'");
    }

    /** An environment converting values as the application's does ({@code 10s}, {@code 200ms}). */
    private static MockEnvironment environment() {
        MockEnvironment env = new MockEnvironment();
        env.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance());
        return env;
    }

    private static void assertRefused(String key, String value, String message) {
        assertThatThrownBy(() -> ClientSettingsReader.read(environment().withProperty(key, value)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }
}
