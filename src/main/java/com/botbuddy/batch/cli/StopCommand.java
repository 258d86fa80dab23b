package com.botbuddy.batch.cli;

import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.ExecutionListing;
import com.botbuddy.batch.ops.RepositorySettings;
import com.botbuddy.batch.ops.RunResult;
import com.botbuddy.batch.ops.RunResult.Outcome;
import com.botbuddy.batch.ops.StopRequest;

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
        RepositorySettings repository = runtime.repository();
        if (repository.embedded() && !Files.exists(repository.embeddedFile())) {
            return Outcomes.report(new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                    + " in the job repository (there is none in " + repository.home() + " yet)"));
        }
        // a live execution is asked with one plain connection; only a dead one's recovery needs Spring Batch
        try {
            Optional<RunResult> asked = repository.withConnection(c -> StopRequest.send(c, executionId,
                    JobRunner.restartCommand(executionId, runtime.restartOptions())));
            if (asked.isPresent()) {
                return Outcomes.report(asked.get());
            }
        } catch (SQLException e) {
            if (ExecutionListing.noTablesYet(e)) {
                return Outcomes.report(new RunResult(Outcome.INVALID_INPUT, null, "no execution " + executionId
                        + " in the job repository (it has none yet)"));
            }
            throw new InvalidInputException("cannot open the job repository at " + repository.describe() + ": "
                    + e.getMessage(), e);
        }
        try (ConfigurableApplicationContext ctx = BatchContext.open(repository, runtime.springProperties())) {
            return Outcomes.report(ctx.getBean(JobRunner.class).stop(executionId));
        }
    }
}
