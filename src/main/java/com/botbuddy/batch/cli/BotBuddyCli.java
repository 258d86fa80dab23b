package com.botbuddy.batch.cli;

import java.io.PrintWriter;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.ops.FailureAnalysis;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.SupportLog;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The {@code botbuddy} command: parses arguments before anything else starts, runs one subcommand, returns its exit code. */
@Command(name = "botbuddy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Batch export and import of leads and chats through the BotBuddy AI inbox API.",
        subcommands = {
                ExportCommand.class,
                ImportCommand.class,
                JobsCommand.class,
                RestartCommand.class,
                StopCommand.class,
                RunCommand.class,
                HistoryCommand.class,
                SandboxCommand.class,
                FetchOnlyCommand.class,
                WorkerCommand.class,
                CommandLine.HelpCommand.class },
        footer = { "", "%s" })
public final class BotBuddyCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * A command is parsed with a model of its own, not the model of every command: building them all costs about
     * a quarter of a second, a third of a {@code jobs} that monitors call every few seconds. {@code botbuddy},
     * {@code --help}, {@code --version} and {@code help} get the whole tree.
     */
    public static int run(String... args) {
        Class<?> command = args.length == 0 ? null : subcommand(args[0]);
        if (command != null) {
            CommandLine alone = new CommandLine(new Alone());
            alone.addSubcommand(args[0], new CommandLine(command, CommandLine.defaultFactory()));
            return configure(alone).execute(args);
        }
        return commandLine().execute(args);
    }

    /** The {@code botbuddy} above a command parsed alone. */
    @Command(name = "botbuddy")
    static final class Alone {
    }

    private static Class<?> subcommand(String name) {
        for (Class<?> c : BotBuddyCli.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && command != null && command.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public static CommandLine commandLine() {
        return configure(new CommandLine(new BotBuddyCli()));
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setUsageHelpAutoWidth(true);
        cl.setExitCodeExceptionMapper(e -> ExitCode.BAD_USAGE.code());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + describe(ex));
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.BAD_USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ex, commandLine));
        cl.setExecutionStrategy(BotBuddyCli::execute);
        String table = String.format(ExitCode.table());
        applyFooter(cl, table);
        return cl;
    }

    /**
     * Runs the command parsed. A job command runs with the process's support log open, and a failure that ends it
     * is reported while the log is still open, so that its stack trace goes there. Help and read-only commands
     * keep no log.
     */
    private static int execute(ParseResult parsed) {
        ParseResult last = parsed;
        boolean help = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
        while (last.hasSubcommand()) {
            last = last.subcommand();
            help |= last.isUsageHelpRequested() || last.isVersionHelpRequested();
        }
        if (help || !(last.commandSpec().userObject() instanceof JobCommand command) || !command.runsJobs()) {
            return new CommandLine.RunLast().execute(parsed);
        }
        CommandLine commandLine = last.commandSpec().commandLine();
        SupportLog log;
        try {
            log = SupportLog.open(command.runtime().repository().home(), SupportLog.keepSetting(),
                    last.commandSpec().name());
        } catch (InvalidInputException e) {
            return failed(e, commandLine); // a home, repository URL or botbuddy.log.keep the command cannot use
        }
        try (log) {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (CommandLine.ExecutionException e) {
                return failed(e.getCause() instanceof Exception cause ? cause : e, e.getCommandLine());
            }
        }
    }

    /**
     * A command ended by an exception: its one line, where its stack trace went (the support log, if a job
     * command runs), the exit code. A refusal before anything started (exit 2, no log made yet) makes no log:
     * its one line says it all, and such a command leaves nothing behind.
     */
    private static int failed(Exception ex, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        ExitCode code = ex instanceof InvalidInputException || ex instanceof IllegalArgumentException
                ? ExitCode.BAD_USAGE
                : ex instanceof ApiAuthException ? ExitCode.AUTH_REFUSED : ExitCode.FAILED_RESTARTABLE;
        String reason = FailureAnalysis.describe(ex);
        err.println("error: " + reason);
        SupportLog.current().filter(log -> code != ExitCode.BAD_USAGE || log.fileIfMade().isPresent())
                .ifPresent(log -> {
                    SupportLog.record(commandLine.getCommandSpec().name() + " failed: " + reason, ex);
                    log.fileIfMade().ifPresent(file -> err.println("details: " + file));
                });
        err.println("exit " + code.code() + " (" + code.meaning() + ")");
        err.flush();
        return code.code();
    }

    /** What is wrong with the arguments; a value our own converter refused reads as the option's name and its rule. */
    private static String describe(CommandLine.ParameterException ex) {
        if (ex.getCause() instanceof OptionValueException refused && ex.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + refused.getMessage();
        }
        return ex.getMessage();
    }

    private static void applyFooter(CommandLine cl, String table) {
        cl.getCommandSpec().usageMessage().footer("", table);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().usageMessage().footer("", table);
            }
        }
    }
}
