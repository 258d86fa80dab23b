package com.botbuddy.batch.cli;

import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.JobRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = { "Asks a running execution to stop gracefully: it finishes its current chunk and ends STOPPED,"
                + " resumable with 'restart ID'. (SIGTERM or Ctrl-C does the same to a run in the foreground.)",
                "An execution whose process is gone is marked FAILED instead, ready for 'restart ID'." })
public final class StopCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "Execution id, as printed by the run and by 'jobs'.")
    long executionId;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), runtime.springProperties())) {
            return Outcomes.report(ctx.getBean(JobRunner.class).stop(executionId));
        }
    }
}
