package com.botbuddy.batch.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.RepositorySettings;
import com.botbuddy.batch.remote.Broker;

import picocli.CommandLine.Option;

/** Where the scale-out broker is, for the worker and a remote export's manager; user and password from the environment. */
final class BrokerOptions {
    static final String URL_ENV = "BOTBUDDY_BROKER_URL";
    static final String USER_ENV = "BOTBUDDY_BROKER_USER";
    static final String PASSWORD_ENV = "BOTBUDDY_BROKER_PASSWORD";

    @Option(names = "--broker-url", paramLabel = "amqp://HOST[:PORT][/VHOST]",
            description = "RabbitMQ broker of a scale-out run (env " + URL_ENV + ", default " + Broker.DEFAULT_URL
                    + "); user and password from " + USER_ENV + " and " + PASSWORD_ENV + " (default guest/guest).")
    String brokerUrl;

    @Option(names = "--broker-queue", paramLabel = "NAME",
            description = "The queue of partition requests (env " + "BOTBUDDY_BROKER_QUEUE" + ", default "
                    + Broker.DEFAULT_QUEUE + "): deployments sharing one virtual host need queues of their own.")
    String queue;

    String queue() {
        String q = queue != null ? queue : System.getenv("BOTBUDDY_BROKER_QUEUE");
        return q == null || q.isBlank() ? Broker.DEFAULT_QUEUE : q.strip();
    }

    String url() {
        String url = brokerUrl != null ? brokerUrl : System.getenv(URL_ENV);
        return url == null || url.isBlank() ? Broker.DEFAULT_URL : url.strip();
    }

    /**
     * Adds to {@code properties} those of a manager or worker ({@code role}), after checking the URL and the
     * repository, and the broker options to the restart command a failed run prints.
     */
    void addTo(Map<String, Object> properties, String role, RepositorySettings repository) {
        if (repository.embedded()) {
            throw new InvalidInputException("a scale-out run needs a job repository every worker shares: set "
                    + RepositorySettings.URL_ENV + " to a PostgreSQL database (the embedded H2 file at "
                    + repository.embeddedFile() + " is this machine's alone)");
        }
        Broker.check(url());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("botbuddy.remote.role", role);
        p.put("botbuddy.remote.broker-url", url());
        p.put("botbuddy.remote.queue", queue());
        String user = System.getenv(USER_ENV);
        String password = System.getenv(PASSWORD_ENV);
        if (user != null && !user.isBlank()) {
            p.put("botbuddy.remote.broker-user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.put("botbuddy.remote.broker-password", password);
        }
        // the options as given, for the restart command; settings from the environment are not repeated
        String restart = (brokerUrl == null ? "" : " --broker-url " + ShellWords.quote(brokerUrl.strip()))
                + (queue == null ? "" : " --broker-queue " + ShellWords.quote(queue.strip()));
        p.put(JobRunner.RESTART_OPTIONS, (properties.getOrDefault(JobRunner.RESTART_OPTIONS, "") + restart).strip());
        properties.putAll(p);
    }
}
