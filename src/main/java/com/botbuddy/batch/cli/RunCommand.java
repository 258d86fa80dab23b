package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("run: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
