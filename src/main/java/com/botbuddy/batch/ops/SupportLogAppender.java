package com.botbuddy.batch.ops;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Hands Logback's events to the {@link SupportLog}, each with its full stack trace. It hangs on the root logger
 * (what the console shows goes to the file too) and, alone, on Spring Batch's: application.properties turns
 * Spring Batch's logging off for the console, which says what failed in one line of its own; while a support log
 * is open its warnings and errors go to the file only.
 */
final class SupportLogAppender extends AppenderBase<ILoggingEvent> {
    static final String NAME = "BOTBUDDY_SUPPORT";
    static final String SPRING_BATCH = "org.springframework.batch";
    /** As the console's lines, plus thread and logger; {@code %ex}: the whole trace, every cause. */
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex";

    private final SupportLog log;
    private volatile PatternLayout layout;
    /** Whether Spring Batch's level was OFF (the console's setting) and raised to WARN here. */
    private boolean raisedSpringBatch;

    SupportLogAppender(SupportLog log) {
        this.log = log;
        setName(NAME);
    }

    /** Hangs this appender on the root and Spring Batch loggers, if not there yet (again after a Logback reset). */
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
        Logger batch = context.getLogger(SPRING_BATCH);
        if (batch.getAppender(NAME) == null) {
            batch.addAppender(this);
        }
        batch.setAdditive(false); // not to the console through the root
        if (batch.getLevel() == Level.OFF) {
            batch.setLevel(Level.WARN);
            raisedSpringBatch = true;
        }
    }

    /** Takes this appender off again and gives Spring Batch's logger back its console setting. */
    synchronized void detach() {
        if (!(getContext() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        Logger batch = context.getLogger(SPRING_BATCH);
        if (batch.detachAppender(this)) {
            batch.setAdditive(true);
            if (raisedSpringBatch) {
                batch.setLevel(Level.OFF);
            }
        }
        raisedSpringBatch = false;
        stop();
    }

    @Override
    protected void append(ILoggingEvent event) {
        log.write(layout.doLayout(event));
    }
}
