package com.botbuddy.batch.ops;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The log a job command keeps for support, {@code <home>/logs/botbuddy-<yyyyMMdd-HHmmss>-<pid>.log}: what the
 * console says and more, every stack trace in full (the console never shows one). It holds our own loggers from
 * INFO and every other library's from WARN (Spring Batch's errors too, which the console leaves out), plus the
 * failure that ends a command. One file per process: the commands a job file runs ({@code run}) write to the file of the
 * process that runs them. Every line is flushed as it is written, so a killed run keeps its log.
 * <p>
 * The file is made when the command starts Spring (its job repository, its jobs) or fails unexpectedly before
 * that; a command refused before anything started (exit 2) leaves no file, as it leaves no home. No token reaches
 * it: tokens are never job parameters, never logged and never part of an exception's message.
 */
public final class SupportLog implements AutoCloseable {
    /** How many support logs a home keeps (the oldest go when a new one is made): application.properties. */
    public static final String KEEP = "botbuddy.log.keep";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** The process's open log; guarded by {@code SupportLog.class}. */
    private static SupportLog current;

    private final Path home;
    private final int keep;
    private final String command;
    private final SupportLogAppender appender = new SupportLogAppender(this);
    /** Commands using it (a job file's commands run inside 'run'); guarded by {@code SupportLog.class}. */
    private int users = 1;
    /** The file once made, and its writer; guarded by {@code this}. */
    private Path file;
    private Writer out;
    /** The file could not be made: said once on the console, not tried again. Guarded by {@code this}. */
    private boolean unavailable;

    private SupportLog(Path home, int keep, String command) {
        this.home = home;
        this.keep = keep;
        this.command = command;
    }

    /**
     * The process's support log for {@code command}, to be made under {@code home} when first needed (the oldest
     * beyond {@code keep} deleted then), or the one already open when a command runs inside another. Close it when
     * the command ends.
     */
    public static SupportLog open(Path home, int keep, String command) {
        synchronized (SupportLog.class) {
            if (current == null) {
                current = new SupportLog(home, keep, command);
            } else {
                current.users++;
                current.write(line("INFO", command + " started")); // if the file is made: it is not for this
            }
            return current;
        }
    }

    /** The support log open in this process, if a job command runs. */
    public static Optional<SupportLog> current() {
        synchronized (SupportLog.class) {
            return Optional.ofNullable(current);
        }
    }

    /**
     * Spring starts for the command: makes the file if need be and hangs it on Logback's loggers, again each time,
     * since Spring Boot drops every appender it did not make when it sets up logging for a context.
     */
    static void springStarted() {
        current().filter(log -> log.file().isPresent()).ifPresent(log -> log.appender.attach());
    }

    /** Writes a failure and its whole stack trace to the open log, if there is one, making its file if need be. */
    public static void record(String what, Throwable failure) {
        current().filter(log -> log.file().isPresent()).ifPresent(log -> {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            log.write(line("ERROR", what) + trace);
        });
    }

    /**
     * {@code botbuddy.log.keep} from a system property, the environment ({@code BOTBUDDY_LOG_KEEP}) or
     * application.properties: read before Spring starts, since the log is opened first. Refused (exit 2) unless a
     * whole number of at least 1.
     */
    public static int keepSetting() {
        StandardEnvironment env = new StandardEnvironment();
        try {
            env.getPropertySources().addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        String value = env.getProperty(KEEP, "20");
        try {
            int keep = Integer.parseInt(value.strip());
            if (keep >= 1) {
                return keep;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInputException(KEEP + " (environment BOTBUDDY_LOG_KEEP) must be a whole number of at least 1,"
                + " not '" + value + "'");
    }

    /** The file, once made (with its first line: which command, which process). */
    public Optional<Path> file() {
        synchronized (this) {
            if (file == null && !unavailable) {
                make();
            }
            return Optional.ofNullable(file);
        }
    }

    /** The file, if it was made: asking does not make it. */
    public Optional<Path> fileIfMade() {
        synchronized (this) {
            return Optional.ofNullable(file);
        }
    }

    private void make() {
        try {
            Path made = SupportLogFiles.create(home, keep, LocalDateTime.now(), ProcessHandle.current().pid());
            out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(made, StandardOpenOption.APPEND),
                    StandardCharsets.UTF_8));
            file = made;
        } catch (IOException | RuntimeException e) {
            unavailable = true;
            System.err.println("warning: no support log in " + home.resolve(SupportLogFiles.FOLDER) + ": "
                    + FailureAnalysis.describe(e));
            return;
        }
        write(line("INFO", command + " started (process " + ProcessHandle.current().pid() + ", Java "
                + System.getProperty("java.version") + ")"));
    }

    /** One line in the shape of the logged ones. */
    private static String line(String level, String message) {
        return LocalDateTime.now().format(TIME) + " " + String.format("%-5s", level) + " ["
                + Thread.currentThread().getName() + "] botbuddy.support - " + message + System.lineSeparator();
    }

    /** Appends and flushes, once the file is made; a log that cannot be written must not fail the command. */
    synchronized void write(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(text);
            out.flush();
        } catch (IOException e) {
            // the disk is full or the file gone: the console still says what happened
        }
    }

    @Override
    public void close() {
        synchronized (SupportLog.class) {
            if (--users > 0) {
                return;
            }
            current = null;
        }
        appender.detach();
        synchronized (this) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    // nothing more to write
                }
                out = null;
            }
        }
    }
}
