package com.botbuddy.batch.remote;

import java.net.URI;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.core.QueueInformation;

import com.botbuddy.batch.ops.InvalidInputException;

/**
 * The RabbitMQ broker the manager and the workers share, and the queue of partition requests (by default
 * {@value #DEFAULT_QUEUE}): durable, holding one request per partition ({@code <worker step> <step execution id>})
 * until a worker has run that partition to its end. Deployments that share a virtual host need queues of their own.
 */
public final class Broker {
    public static final String DEFAULT_QUEUE = "botbuddy.export.partitions";
    public static final String DEFAULT_URL = "amqp://127.0.0.1:5672";

    private Broker() {
    }

    /**
     * A connection factory for {@code url} (amqp://host[:port][/vhost]); user and password come separately, never
     * in the URL, which gets pasted into tickets and shows in every process list.
     */
    static CachingConnectionFactory connect(String url, String user, String password) {
        URI uri = check(url);
        CachingConnectionFactory factory = new CachingConnectionFactory(uri.getHost(),
                uri.getPort() < 0 ? 5672 : uri.getPort());
        String vhost = uri.getPath() == null || uri.getPath().length() <= 1 ? "/" : uri.getPath().substring(1);
        factory.setVirtualHost(vhost);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setConnectionTimeout(5_000);
        factory.setConnectionNameStrategy(f -> "botbuddy-" + ProcessHandle.current().pid());
        return factory;
    }

    /** The URL as given, or a one-line refusal naming what is wrong with it (exit 2). */
    public static URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            // not echoed: a malformed URL may still carry a password
            throw new InvalidInputException("--broker-url is not a URL; give amqp://HOST[:PORT][/VHOST]");
        }
        if (!"amqp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidInputException("--broker-url must be amqp://HOST[:PORT][/VHOST], not " + uri.getScheme()
                    + "://" + (uri.getHost() == null ? "..." : uri.getHost()));
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidInputException("--broker-url must not carry a user or password (it shows in every"
                    + " process list): give them in BOTBUDDY_BROKER_USER and BOTBUDDY_BROKER_PASSWORD");
        }
        return uri;
    }

    /** Declares the queue when absent (both sides do, whichever starts first). */
    static void declare(RabbitAdmin admin, String queue) {
        admin.declareQueue(new Queue(queue, true, false, false));
    }

    /** How many workers consume the queue now, or {@code null} when the broker cannot say. */
    static Integer consumers(RabbitAdmin admin, String queue) {
        try {
            QueueInformation info = admin.getQueueInfo(queue);
            return info == null ? null : info.getConsumerCount();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
