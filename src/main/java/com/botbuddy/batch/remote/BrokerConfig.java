package com.botbuddy.batch.remote;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;

/**
 * The broker's connection and Spring Integration, for the commands of a scale-out run only (a manager or a
 * worker: {@code botbuddy.remote.role}); every other command starts without them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "botbuddy.remote.role")
@EnableIntegration
class BrokerConfig {

    @Bean(destroyMethod = "destroy")
    CachingConnectionFactory brokerConnections(@Value("${botbuddy.remote.broker-url:" + Broker.DEFAULT_URL + "}") String url,
            @Value("${botbuddy.remote.broker-user:guest}") String user,
            @Value("${botbuddy.remote.broker-password:guest}") String password) {
        return Broker.connect(url, user, password);
    }

    @Bean
    RabbitAdmin brokerAdmin(CachingConnectionFactory brokerConnections) {
        RabbitAdmin admin = new RabbitAdmin(brokerConnections);
        admin.setAutoStartup(false); // the queue is declared when first needed, so a broker that is down fails one step, not the start
        return admin;
    }
}
