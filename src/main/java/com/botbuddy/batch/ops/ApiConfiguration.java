package com.botbuddy.batch.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpInboxClient;
import com.botbuddy.batch.client.InboxApi;

/**
 * The one {@link InboxApi} of a run. Settings come from {@code botbuddy.api.*} (application.properties,
 * overridden by the command line); tokens from the {@code BOTBUDDY_BOT_TOKEN} / {@code BOTBUDDY_BP_TOKEN}
 * environment entries (the command line puts a token read from a file there, in memory only).
 */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    @Bean
    ClientSettings clientSettings(Environment env) {
        return ClientSettingsReader.read(env);
    }

    @Bean
    ApiCredentials apiCredentials(Environment env) {
        return ApiCredentials.of(blankToNull(env.getProperty(ApiCredentials.BOT_TOKEN_ENV)),
                blankToNull(env.getProperty(ApiCredentials.BP_TOKEN_ENV)));
    }

    @Bean
    InboxApi inboxApi(ClientSettings settings, ApiCredentials credentials) {
        return new HttpInboxClient(settings, credentials);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
