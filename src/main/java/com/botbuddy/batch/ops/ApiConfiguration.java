package com.botbuddy.batch.ops;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.botbuddy.batch.client.ApiCredentials;
import com.botbuddy.batch.client.ClientSettings;
import com.botbuddy.batch.client.HttpInboxClient;
import com.botbuddy.batch.client.InboxApi;

/**
 * The one {@link InboxApi} of a run. Settings come from {@code botbuddy.api.*} ({@link ApiProperties}:
 * application.properties, overridden by the command line); tokens from the {@code BOTBUDDY_BOT_TOKEN} /
 * {@code BOTBUDDY_BP_TOKEN} environment entries (the command line puts a token read from a file there, in memory
 * only).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiConfiguration {

    @Bean
    ClientSettings clientSettings(ApiProperties api) {
        return api.clientSettings();
    }

    /** A {@code botbuddy.api.*} value that cannot be bound is refused in the operator's words, not the binder's. */
    @Bean
    static ConfigurationPropertiesBindHandlerAdvisor apiSettingRefusals(Environment env) {
        return handler -> new AbstractBindHandler(handler) {
            @Override
            public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                    Exception error) throws Exception {
                String setting = ApiProperties.settingOf(name, error);
                if (setting != null) {
                    throw ApiProperties.refused(setting, env);
                }
                return super.onFailure(name, target, context, error);
            }
        };
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
