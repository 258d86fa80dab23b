package com.botbuddy.batch.ops;

import java.util.Iterator;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;

/**
 * Spring Batch's log events, taken off the root logger's path so that each reaches the console as one line and
 * the support log whole:
 * <ul>
 * <li>its warnings go to the console (and any other appender of the root logger) as one line: the message and its
 * exception's message, no stack trace; the support log gets the event as logged, trace and all;</li>
 * <li>its errors are the failure of a step or job, which the command line reports in one line of its own: they go
 * to the support log only.</li>
 * </ul>
 * Hung on the {@code org.springframework.batch} logger each time Spring Boot has set up logging for a context
 * ({@link SupportLogListener}), since Boot drops every appender it did not make.
 */
final class SpringBatchLog extends AppenderBase<ILoggingEvent> {
    static final String LOGGER = "org.springframework.batch";
    static final String NAME = "BOTBUDDY_SPRING_BATCH";

    private SpringBatchLog() {
        setName(NAME);
    }

    /** Hangs the appender on Spring Batch's logger, in place of the root logger's appenders, if not there yet. */
    static void attach() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // not Logback: Spring Batch logs through whatever is there
        }
        Logger batch = context.getLogger(LOGGER);
        synchronized (SpringBatchLog.class) {
            if (batch.getAppender(NAME) == null) {
                SpringBatchLog appender = new SpringBatchLog();
                appender.setContext(context);
                appender.start();
                batch.addAppender(appender);
            }
        }
        batch.setAdditive(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        Logger root = ((LoggerContext) getContext()).getLogger(Logger.ROOT_LOGGER_NAME);
        ILoggingEvent line = event.getLevel().isGreaterOrEqual(Level.ERROR) ? null
                : oneLine(event, (LoggerContext) getContext());
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof SupportLogAppender) {
                appender.doAppend(event);
            } else if (line != null) {
                appender.doAppend(line);
            }
        }
    }

    /** The event as one line without its exception: the message, then the exception's own message unless said. */
    static ILoggingEvent oneLine(ILoggingEvent event, LoggerContext context) {
        String message = firstLine(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            String cause = thrown.getMessage() == null ? simpleName(thrown.getClassName())
                    : firstLine(thrown.getMessage());
            if (!message.contains(cause)) {
                message = message + ": " + cause;
            }
        }
        LoggingEvent line = new LoggingEvent();
        line.setLoggerContext(context);
        line.setLoggerName(event.getLoggerName());
        line.setLevel(event.getLevel());
        line.setInstant(event.getInstant());
        line.setThreadName(event.getThreadName());
        line.setMDCPropertyMap(event.getMDCPropertyMap());
        line.setKeyValuePairs(event.getKeyValuePairs());
        line.setSequenceNumber(event.getSequenceNumber());
        line.setMessage(message);
        return line;
    }

    /** The text up to its first line break, so that a message of several lines stays one line. */
    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return (end < 0 ? stripped : stripped.substring(0, end)).stripTrailing();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
