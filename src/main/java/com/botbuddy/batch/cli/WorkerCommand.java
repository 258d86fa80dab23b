package com.botbuddy.batch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.InvalidInputException;
import com.botbuddy.batch.ops.TermAndIntHandler;
import com.botbuddy.batch.remote.Broker;
import com.botbuddy.batch.remote.WorkerControl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs as a scale-out worker until SIGTERM or Ctrl-C: takes the partitions of remote exports ('export"
                        + " --remote', 'run FILE --remote') from the broker's queue (" + Broker.DEFAULT_QUEUE + ") and runs"
                        + " them against the shared PostgreSQL job repository, --partitions at a time.",
                "SIGTERM or Ctrl-C ends it after the current chunk: the partitions under way end STOPPED, their run ends"
                        + " restartable once the others finish, and 'restart ID' finishes them. A second signal exits at once.",
                "Needs BOTBUDDY_REPOSITORY_URL (PostgreSQL), the API token (BOTBUDDY_BOT_TOKEN or --bot-token-file) and"
                        + " the API's base URL when it is not the default; the manager's options decide what is read." })
public final class WorkerCommand implements Callable<Integer>, JobCommand {

    @Mixin
    BrokerOptions broker;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + WorkerControl.DEFAULT_PARTITIONS,
            description = "Partitions run at once (1-16). Together they keep no more than the run's --concurrency"
                    + " pages in flight: the next one keeps the API busy while the last one ends. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Mixin
    Tokens tokens;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public RuntimeOptions runtime() {
        return runtime;
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        if (partitions < 1 || partitions > 16) {
            throw new InvalidInputException("--partitions must be between 1 and 16 (got " + partitions + ")");
        }
        broker.addTo(properties, "worker", runtime.repository());
        properties.put("botbuddy.remote.partitions-at-once", partitions);
        runtime.checkBaseUrl();
        properties.putAll(tokens.requireBotToken());
        CountDownLatch ended = new CountDownLatch(1);
        try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), properties)) {
            WorkerControl control = ctx.getBean(WorkerControl.class);
            try (TermAndIntHandler signals = TermAndIntHandler.install(signal -> {
                if (ended.getCount() == 0) {
                    System.err.println("second SIG" + signal.getName() + ": exiting now");
                    Runtime.getRuntime().halt(130);
                }
                System.err.println("SIG" + signal.getName() + ": the worker ends after its current chunk"
                        + " (signal again to exit at once)");
                control.end();
                ended.countDown();
            })) {
                System.out.println("worker " + ProcessHandle.current().pid() + ": taking partitions from "
                        + broker.url() + " queue " + broker.queue() + " (SIGTERM or Ctrl-C ends it)");
                System.out.flush();
                ended.await();
                ctx.getBean(SimpleMessageListenerContainer.class).stop(); // waits for the partition under way
                System.out.println("worker " + ProcessHandle.current().pid() + ": ended");
            }
        }
        return ExitCode.COMPLETED.code();
    }
}
