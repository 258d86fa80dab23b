package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class StopCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("stop: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
