package com.botbuddy.batch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.remote.RemoteExport;
import com.botbuddy.batch.ops.StoredExecution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true,
        description = { "Resumes a FAILED or STOPPED execution from its last committed chunk, with its stored parameters.",
                "An execution left STARTED by a process that no longer exists (kill -9, crash, reboot) is recovered"
                        + " first; one that is still running is refused (exit 4). A COMPLETED one is reported (exit 0).",
                "Tokens come from the environment or token files, as for the original run." })
public final class RestartCommand implements Callable<Integer>, JobCommand {

    @Parameters(paramLabel = "ID", description = "Execution id, as printed by the failed run and by 'jobs'.")
    long executionId;

    @Mixin
    BrokerOptions broker;

    @Mixin
    Tokens tokens;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public RuntimeOptions runtime() {
        return runtime;
    }

    @Override
    public Integer call() {
        StoredExecution stored = StoredExecution.find(runtime.repository(), executionId, ExportParameters.SANDBOX)
                .orElseThrow(() -> new InvalidInputException("no execution " + executionId + " in the job repository at "
                        + runtime.repository().describe() + " (see: scripts/botbuddy jobs)"));
        String jobName = stored.jobName();
        String sandboxSpec = stored.sandboxSpec();
        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        InProcessSandbox sandbox = null;
        try {
            if (!sandboxSpec.isBlank()) {
                sandbox = InProcessSandbox.start(sandboxSpec);
                properties.putAll(sandbox.springProperties());
            } else if (RemoteExport.JOB_NAME.equals(jobName)) {
                broker.addTo(properties, "manager", runtime.repository());
                runtime.checkBaseUrl();
                properties.putAll(tokens.requireBotToken());
            } else if ("import".equals(jobName)) {
                runtime.checkBaseUrl();
                properties.putAll(tokens.requireBpToken());
                properties.putAll(tokens.optionalBotToken()); // the live read, when the first run did not finish it
            } else {
                runtime.checkBaseUrl();
                properties.putAll(tokens.requireBotToken());
            }
            try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), properties)) {
                return Outcomes.report(ctx.getBean(JobRunner.class).restart(executionId));
            }
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
