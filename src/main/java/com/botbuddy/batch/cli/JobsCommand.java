package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class JobsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("jobs: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
