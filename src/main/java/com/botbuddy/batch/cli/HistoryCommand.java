package com.botbuddy.batch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.export.SafeIds;
import com.botbuddy.batch.history.HistoryBackfill;
import com.botbuddy.batch.history.LeadHistory;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.report.ChatsCsvLeads;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history}: the lead history the exports keep; {@code history import DIR} backfills it. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {
                "The lead history: every complete export (--type all) records each lead's status, agent and "
                        + "contactability in the job repository, and the reports show the figures over time.",
                "Use 'history import DIR' to backfill it from earlier exports." },
        subcommands = { HistoryCommand.Import.class, CommandLine.HelpCommand.class })
public final class HistoryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: history import DIR");
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                    "Backfills the lead history of one bot and customer from earlier exports' chats.csv files: DIR is "
                            + "an export folder like reports/<customer>/<bot>/ holding date folders "
                            + "YYYY-MM-DD/chats.csv, recorded oldest first.",
                    "Bot and customer are taken from DIR's last two folder names unless given. Dates already "
                            + "recorded are left as they are, so running it twice records nothing twice; dates older "
                            + "than the latest recorded are skipped (the history is kept in date order), so backfill "
                            + "before the nightly exports begin.",
                    "A file that cannot be used stops the import with its row and reason (exit 2); the dates before "
                            + "it stay recorded and running it again carries on." })
    static final class Import implements Callable<Integer>, JobCommand {

        @Parameters(index = "0", paramLabel = "DIR", description = "Export folder of one bot: <out>/<customerId>/<botId>/.")
        Path dir;

        @Option(names = "--bot-id", paramLabel = "ID", description = "Bot id (default: DIR's folder name).")
        String botId;

        @Option(names = "--customer-id", paramLabel = "ID", description = "Customer id (default: DIR's parent folder name).")
        String customerId;

        @Mixin
        RuntimeOptions runtime;

        @Override
        public RuntimeOptions runtime() {
            return runtime;
        }

        @Override
        public Integer call() {
            Path folder = dir.toAbsolutePath().normalize();
            String bot = botId != null ? botId : name(folder);
            String customer = customerId != null ? customerId : name(folder.getParent());
            SafeIds.check("bot id", bot);
            SafeIds.check("customer id", customer);
            HistoryBackfill.dates(folder, line -> { }); // a bad folder is refused before the repository opens
            try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), runtime.springProperties())) {
                HistoryBackfill backfill = new HistoryBackfill(ctx.getBean(LeadHistory.class));
                HistoryBackfill.Summary summary = backfill.run(folder, bot, customer,
                        file -> sink -> ChatsCsvLeads.forEachLead(file, sink), System.out::println);
                System.out.println(summary.line(bot, customer));
                return ExitCode.COMPLETED.code();
            }
        }

        private static String name(Path folder) {
            return folder == null || folder.getFileName() == null ? null : folder.getFileName().toString();
        }
    }
}
