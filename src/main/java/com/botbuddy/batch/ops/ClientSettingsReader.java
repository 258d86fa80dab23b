package com.botbuddy.batch.ops;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;

import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpUrls;

/**
 * Reads the client's {@code botbuddy.api.*} settings, wherever they were set (an option, a {@code BOTBUDDY_*}
 * variable in Spring's spelling, {@code application.properties}), and refuses one that cannot be used with
 * a message naming the setting, its environment spelling and what it must be: an {@link InvalidInputException},
 * so exit 2 before any job starts, instead of a conversion error from inside Spring.
 */
final class ClientSettingsReader {
    private static final String PREFIX = "botbuddy.api.";
    /** Settings the job commands also take as an option of the same name. */
    private static final Set<String> WITH_OPTION = Set.of("base-url", "connect-timeout",
            "read-timeout", "retry-attempts", "requests-per-second");

    private final Environment env;

    private ClientSettingsReader(Environment env) {
        this.env = env;
    }

    static ClientSettings read(Environment env) {
        ClientSettingsReader r = new ClientSettingsReader(env);
        ClientSettings unset = ClientSettings.defaults(ClientSettings.DEFAULT_BASE_URL); // what an unset one takes
        return new ClientSettings(
                r.setting("base-url", String.class, unset.baseUrl(),
                        url -> HttpUrls.isAbsoluteHttp(url.strip()), "an absolute http(s) URL"),
                r.setting("connect-timeout", Duration.class, unset.connectTimeout(), ClientSettingsReader::aboveZero,
                        "a duration above zero, such as 10s"),
                r.setting("read-timeout", Duration.class, unset.readTimeout(), ClientSettingsReader::aboveZero,
                        "a duration above zero, such as 30s"),
                r.setting("retry-attempts", Integer.class, unset.retryAttempts(), n -> n >= 1,
                        "a whole number of at least 1 (1 = no retry)"),
                r.setting("retry-initial-delay", Duration.class, unset.retryInitialDelay(), d -> !d.isNegative(),
                        "a duration of zero or more, such as 200ms"),
                r.setting("retry-max-delay", Duration.class, unset.retryMaxDelay(), d -> !d.isNegative(),
                        "a duration of zero or more, such as 30s"),
                r.setting("requests-per-second", Double.class, unset.requestsPerSecond(),
                        rate -> rate >= 0 && !rate.isInfinite(), "a number of zero or more (0 = no limit)"));
    }

    private static boolean aboveZero(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private <T> T setting(String name, Class<T> type, T fallback, Predicate<T> rule, String what) {
        String key = PREFIX + name;
        T value;
        try {
            value = env.getProperty(key, type, fallback);
        } catch (ConversionException | IllegalArgumentException e) {
            throw refused(key, what);
        }
        if (!rule.test(value)) {
            throw refused(key, what);
        }
        return value;
    }

    private InvalidInputException refused(String key, String what) {
        String name = key.substring(PREFIX.length());
        String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String option = WITH_OPTION.contains(name) ? "--" + name + ", " : "";
        return new InvalidInputException(key + " (" + option + "environment " + variable + ") must be " + what
                + ", not '" + env.getProperty(key) + "'");
    }
}
