package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class RestartCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("restart: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
