package com.botbuddy.batch.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpUrls;

/**
 * The client's {@code botbuddy.api.*} settings as Spring Boot binds them, wherever they were set (an option, a
 * {@code BOTBUDDY_*} variable in Spring's spelling, {@code application.properties}); an unset one takes its
 * {@link ClientSettings#defaults default}. The constructor refuses a value out of its setting's range; the binder
 * refuses one it cannot convert. Either way {@link ApiConfiguration} turns the refusal into one message naming
 * the setting, its option and variable, what it must be and the value as given ({@link #refused}): an
 * {@link InvalidInputException}, so exit 2 before any job starts.
 */
@ConfigurationProperties(ApiProperties.PREFIX)
record ApiProperties(String baseUrl, Duration connectTimeout, Duration readTimeout, Integer retryAttempts,
        Duration retryInitialDelay, Duration retryMaxDelay, Double requestsPerSecond, DataSize maxAnswerSize) {

    static final String PREFIX = "botbuddy.api";

    /** What each setting must be, in the words of its refusal. */
    private static final Map<String, String> MUST_BE = Map.of(
            "base-url", "an absolute http(s) URL",
            "connect-timeout", "a duration above zero, such as 10s",
            "read-timeout", "a duration above zero, such as 30s",
            "retry-attempts", "a whole number of at least 1 (1 = no retry)",
            "retry-initial-delay", "a duration of zero or more, such as 200ms",
            "retry-max-delay", "a duration of zero or more, such as 30s",
            "requests-per-second", "a number of zero or more (0 = no limit)",
            "max-answer-size", "a size from 1KB to 2GB, such as 32MB");

    /** Settings the job commands also take as an option of the same name. */
    private static final Set<String> WITH_OPTION = Set.of("base-url", "connect-timeout", "read-timeout",
            "retry-attempts", "requests-per-second", "max-answer-size");

    ApiProperties {
        check("base-url", baseUrl, url -> HttpUrls.isAbsoluteHttp(url.strip()));
        check("connect-timeout", connectTimeout, ApiProperties::aboveZero);
        check("read-timeout", readTimeout, ApiProperties::aboveZero);
        check("retry-attempts", retryAttempts, n -> n >= 1);
        check("retry-initial-delay", retryInitialDelay, d -> !d.isNegative());
        check("retry-max-delay", retryMaxDelay, d -> !d.isNegative());
        check("requests-per-second", requestsPerSecond, rate -> rate >= 0 && !rate.isInfinite());
        check("max-answer-size", maxAnswerSize,
                size -> size.toBytes() >= 1024 && size.toBytes() <= ClientSettings.MAX_ANSWER_BYTES_LIMIT);
        ClientSettings unset = ClientSettings.defaults(ClientSettings.DEFAULT_BASE_URL);
        baseUrl = baseUrl != null ? baseUrl : unset.baseUrl();
        connectTimeout = connectTimeout != null ? connectTimeout : unset.connectTimeout();
        readTimeout = readTimeout != null ? readTimeout : unset.readTimeout();
        retryAttempts = retryAttempts != null ? retryAttempts : unset.retryAttempts();
        retryInitialDelay = retryInitialDelay != null ? retryInitialDelay : unset.retryInitialDelay();
        retryMaxDelay = retryMaxDelay != null ? retryMaxDelay : unset.retryMaxDelay();
        requestsPerSecond = requestsPerSecond != null ? requestsPerSecond : unset.requestsPerSecond();
        maxAnswerSize = maxAnswerSize != null ? maxAnswerSize : DataSize.ofBytes(unset.maxAnswerBytes());
    }

    ClientSettings clientSettings() {
        return new ClientSettings(baseUrl, connectTimeout, readTimeout, retryAttempts, retryInitialDelay,
                retryMaxDelay, requestsPerSecond, maxAnswerSize.toBytes());
    }

    private static boolean aboveZero(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static <T> void check(String setting, T value, Predicate<T> rule) {
        if (value != null && !rule.test(value)) {
            throw new OutOfRange(setting);
        }
    }

    /**
     * The setting a failed binding is about: the one the constructor refused, or the one the binder could not
     * convert; {@code null} when the failure is none of this class's.
     */
    static String settingOf(ConfigurationPropertyName name, Throwable failure) {
        OutOfRange outOfRange = FailureAnalysis.find(failure, OutOfRange.class);
        if (outOfRange != null) {
            return outOfRange.setting;
        }
        ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
        if (prefix.isParentOf(name)) {
            String setting = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
            return MUST_BE.containsKey(setting) ? setting : null;
        }
        return null;
    }

    /** The refusal of {@code setting}, quoting its value as {@code env} has it. */
    static InvalidInputException refused(String setting, Environment env) {
        String key = PREFIX + "." + setting;
        String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String option = WITH_OPTION.contains(setting) ? "--" + setting + ", " : "";
        return new InvalidInputException(key + " (" + option + "environment " + variable + ") must be "
                + MUST_BE.get(setting) + ", not '" + env.getProperty(key) + "'");
    }

    /** A value the constructor refuses: its message is made by {@link #refused}, which knows the value as given. */
    static final class OutOfRange extends IllegalArgumentException {
        private final String setting;

        OutOfRange(String setting) {
            super(PREFIX + "." + setting + " is out of range");
            this.setting = setting;
        }
    }
}
