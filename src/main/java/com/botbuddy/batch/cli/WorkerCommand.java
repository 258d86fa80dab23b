package com.botbuddy.batch.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.TermAndIntHandler;
import com.botbuddy.batch.remote.Broker;
import com.botbuddy.batch.remote.WorkerControl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs as a scale-out worker until SIGTERM or Ctrl-C: takes the partitions of remote exports ('export"
                        + " --remote', 'run FILE --remote') from the broker's queue (" + Broker.DEFAULT_QUEUE + "), one at a"
                        + " time, and runs each against the shared PostgreSQL job repository.",
                "SIGTERM or Ctrl-C ends it after the current chunk: that partition ends STOPPED, its run ends"
                        + " restartable once the others finish, and 'restart ID' finishes it. A second signal exits at once.",
                "Needs BOTBUDDY_REPOSITORY_URL (PostgreSQL), the API token (BOTBUDDY_BOT_TOKEN or --bot-token-file) and"
                        + " the API's base URL when it is not the default; the manager's options decide what is read." })
public final class WorkerCommand implements Callable<Integer>, JobCommand {

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
    public Integer call() throws InterruptedException {
        Map<String, Object> properties = new LinkedHashMap<>(runtime.springProperties());
        broker.addTo(properties, "worker", runtime.repository());
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
