package com.botbuddy.batch.ops;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Hands Logback's events to the {@link SupportLog}, each with its full stack trace. It hangs on the root logger:
 * what the console shows goes to the file too, and Spring Batch's events reach it as logged ({@link SpringBatchLog}).
 */
final class SupportLogAppender extends AppenderBase<ILoggingEvent> {
    static final String NAME = "BOTBUDDY_SUPPORT";
    /** As the console's lines, plus thread and logger; {@code %ex}: the whole trace, every cause. */
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex";

    private final SupportLog log;
    private volatile PatternLayout layout;

    SupportLogAppender(SupportLog log) {
        this.log = log;
        setName(NAME);
    }

    /** Hangs this appender on the root logger, if not there yet (again after a Logback reset). */
    synchronized void attach() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // not Logback: only the failures the command line records reach the file
        }
        if (!isStarted()) {
            setContext(context);
            PatternLayout l = new PatternLayout();
            l.setContext(context);
            l.setPattern(PATTERN);
            l.start();
            layout = l;
            start();
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) == null) {
            root.addAppender(this);
        }
    }

    /** Takes this appender off again. */
    synchronized void detach() {
        if (!(getContext() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        log.write(layout.doLayout(event));
    }
}
