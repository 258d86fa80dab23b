package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("export: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
