package com.botbuddy.batch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.botbuddy.batch.client.HttpUrls;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.RepositorySettings;

import picocli.CommandLine.Option;

/**
 * Options every job command shares: where the job repository lives, how to reach the API, how much to say.
 * Options win over environment variables, environment variables over application.properties.
 */
public class RuntimeOptions {

    @Option(names = "--home", paramLabel = "DIR",
            description = "Folder of the embedded H2 job repository and of the support logs (env BOTBUDDY_HOME,"
                    + " default ./data).")
    Path home;

    @Option(names = "--repository-url", paramLabel = "JDBC_URL",
            description = "JDBC URL of a production job repository, e.g. jdbc:postgresql://db:5432/batch "
                    + "(env BOTBUDDY_REPOSITORY_URL; user and password from BOTBUDDY_REPOSITORY_USER / _PASSWORD).")
    String repositoryUrl;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "API base URL (env BOTBUDDY_BASE_URL, default https://api.v7.express-chat.ai).")
    String baseUrl;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "TCP connect timeout, e.g. 10s (default from application.properties: 10s).")
    Duration connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Timeout for one whole API answer, e.g. 30s (default 30s).")
    Duration readTimeout;

    @Option(names = "--retry-attempts", paramLabel = "N",
            description = "Attempts per API request for 429/5xx/timeouts/resets before giving up (default 5).")
    Integer retryAttempts;

    @Option(names = "--requests-per-second", paramLabel = "R",
            description = "Client-wide API rate limit; 0 = unlimited (default 0).")
    Double requestsPerSecond;

    @Option(names = "--max-answer-size", paramLabel = "SIZE",
            description = "The largest API answer read, e.g. 32MB; a larger one is refused (default 32MB).")
    String maxAnswerSize;

    @Option(names = "--quiet", description = "Only warnings, errors and the final result; no progress display.")
    boolean quiet;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "Log line format: text, or json (one JSON object per line, for log shippers). Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--progress-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "When not on a terminal: one progress log line this often (default 10s).")
    Duration progressInterval;

    RepositorySettings repository() {
        return RepositorySettings.resolve(home, repositoryUrl, System.getenv());
    }

    /**
     * For a command about to call the API: the base URL given (--base-url, else BOTBUDDY_BASE_URL) must be an
     * absolute http(s) URL, or the command ends with exit 2 before any job starts, naming where the value came from.
     */
    void checkBaseUrl() {
        checkBaseUrl(System.getenv());
    }

    void checkBaseUrl(Map<String, String> env) {
        String source = baseUrl != null ? "--base-url" : "BOTBUDDY_BASE_URL";
        String url = baseUrl != null ? baseUrl : env.get(source);
        if (url != null && !url.isBlank() && !HttpUrls.isAbsoluteHttp(url.strip())) {
            throw new InvalidInputException(source + " must be an absolute http(s) URL, not '" + url + "'");
        }
    }

    /**
     * The options a {@code restart ID} needs to find this run's job repository and API again, when they were
     * given as options rather than by the environment (which a scheduler's next command shares): printed in the
     * restart command a failed or stopped run suggests. A repository URL loses its {@code ?parameters}, as in
     * every message (a password is refused there: user and password belong in BOTBUDDY_REPOSITORY_USER / _PASSWORD).
     */
    String restartOptions() {
        StringBuilder sb = new StringBuilder();
        if (home != null) {
            sb.append(" --home ").append(ShellWords.quote(home.toAbsolutePath().normalize().toString()));
        }
        if (repositoryUrl != null && !repositoryUrl.isBlank()) {
            sb.append(" --repository-url ")
                    .append(ShellWords.quote(RepositorySettings.withoutParameters(repositoryUrl)));
        }
        if (baseUrl != null && !baseUrl.isBlank()) {
            sb.append(" --base-url ").append(ShellWords.quote(baseUrl.strip()));
        }
        return sb.toString().strip();
    }

    /** Spring properties from options and BOTBUDDY_* variables (not the tokens: see {@link Tokens}). */
    Map<String, Object> springProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        String url = baseUrl != null ? baseUrl : System.getenv("BOTBUDDY_BASE_URL");
        if (url != null && !url.isBlank()) {
            p.put("botbuddy.api.base-url", url);
        }
        if (connectTimeout != null) {
            p.put("botbuddy.api.connect-timeout", connectTimeout.toMillis() + "ms");
        }
        if (readTimeout != null) {
            p.put("botbuddy.api.read-timeout", readTimeout.toMillis() + "ms");
        }
        if (retryAttempts != null) {
            if (retryAttempts < 1) {
                throw new IllegalArgumentException("--retry-attempts must be at least 1");
            }
            p.put("botbuddy.api.retry-attempts", retryAttempts);
        }
        if (requestsPerSecond != null) {
            p.put("botbuddy.api.requests-per-second", requestsPerSecond);
        }
        if (maxAnswerSize != null) {
            p.put("botbuddy.api.max-answer-size", maxAnswerSize);
        }
        String restart = restartOptions();
        if (!restart.isEmpty()) {
            p.put(JobRunner.RESTART_OPTIONS, restart);
        }
        if (quiet) {
            p.put("botbuddy.quiet", true);
            // the console's threshold, not our loggers' levels: the support log keeps the run's INFO lines
            p.put("logging.threshold.console", "WARN");
        }
        if (progressInterval != null) {
            p.put("botbuddy.progress.interval", progressInterval.toMillis() + "ms");
        }
        switch (logFormat) {
            case "json" -> p.put("logging.structured.format.console", "logstash");
            case "text" -> { }
            default -> throw new IllegalArgumentException("--log-format must be text or json, not '" + logFormat + "'");
        }
        return p;
    }
}
