package com.botbuddy.batch.ops;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import com.botbuddy.batch.BotBuddyApplication;

/**
 * Starts the Spring context (job repository, jobs, API client) for one command. Properties given here
 * (resolved from options and environment by the command line) take precedence over application.properties.
 */
public final class BatchContext {

    private BatchContext() {
    }

    public static ConfigurableApplicationContext open(RepositorySettings repository, Map<String, Object> overrides) {
        if (repository.embedded()) {
            createHome(repository.home());
        }
        Map<String, Object> properties = new LinkedHashMap<>(repository.springProperties());
        properties.putAll(overrides);
        SpringApplication app = new SpringApplication(BotBuddyApplication.class);
        app.setAddCommandLineProperties(false);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setLogStartupInfo(false);
        app.addListeners(new SupportLogListener());
        // an environment of our own, so the command line's properties are there before logging is set up
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("botbuddyCommandLine", properties));
        app.setEnvironment(environment);
        try {
            return app.run();
        } catch (RuntimeException e) {
            InvalidInputException refused = FailureAnalysis.find(e, InvalidInputException.class);
            if (refused != null) {
                throw refused; // a setting the context refused says so itself
            }
            throw new InvalidInputException("cannot open the job repository at " + repository.describe() + ": "
                    + rootMessage(e), e);
        }
    }

    private static void createHome(Path home) {
        try {
            EmbeddedHome.create(home);
        } catch (Exception e) {
            throw new InvalidInputException("cannot create the data folder " + home + " (set BOTBUDDY_HOME or --home): "
                    + e.getMessage(), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
