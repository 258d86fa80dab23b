package com.botbuddy.batch.ops;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Right after Spring Boot has set up logging for a context (which drops every appender it did not make and sets
 * the levels of application.properties), makes the process's support log, if a job command runs, and hangs it
 * on the loggers, and gives Spring Batch's events their one-line way to the console ({@link SpringBatchLog});
 * again for each context a command starts.
 */
final class SupportLogListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        SupportLog.springStarted();
        SpringBatchLog.attach();
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
