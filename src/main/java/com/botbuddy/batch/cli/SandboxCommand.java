package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Not yet built.")
public final class SandboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sandbox: not yet built");
        return ExitCode.BAD_USAGE.code();
    }
}
