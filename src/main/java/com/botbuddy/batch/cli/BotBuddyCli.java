package com.botbuddy.batch.cli;

import java.io.PrintWriter;

import com.botbuddy.batch.client.ApiAuthException;
import com.botbuddy.batch.ops.FailureAnalysis;
import com.botbuddy.batch.ops.InvalidInputException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

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
                SandboxCommand.class,
                FetchOnlyCommand.class,
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

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BotBuddyCli());
        cl.setUsageHelpAutoWidth(true);
        cl.setExitCodeExceptionMapper(e -> ExitCode.BAD_USAGE.code());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + describe(ex));
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.BAD_USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            ExitCode code = ex instanceof InvalidInputException || ex instanceof IllegalArgumentException
                    ? ExitCode.BAD_USAGE
                    : ex instanceof ApiAuthException ? ExitCode.AUTH_REFUSED : ExitCode.FAILED_RESTARTABLE;
            err.println("error: " + FailureAnalysis.describe(ex));
            err.println("exit " + code.code() + " (" + code.meaning() + ")");
            err.flush();
            return code.code();
        });
        String table = String.format(ExitCode.table());
        applyFooter(cl, table);
        return cl;
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
