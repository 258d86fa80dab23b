package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class ImportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("import: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
