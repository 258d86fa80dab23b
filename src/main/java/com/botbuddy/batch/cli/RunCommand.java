package com.botbuddy.batch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.ExecutionListing;
import com.botbuddy.batch.ops.ExecutionListing.Row;
import com.botbuddy.batch.ops.JobFile;
import com.botbuddy.batch.ops.JobRunner;
import com.botbuddy.batch.ops.JobFile.Invocation;
import com.botbuddy.batch.ops.PreviousRunCheck;
import com.botbuddy.batch.ops.PreviousRunCheck.Decision;
import com.botbuddy.batch.ops.ProcessOwner;
import com.botbuddy.batch.ops.TermAndIntHandler;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the job(s) a job file (jobs/*.properties) describes: job=export or job=import with its options,"
                        + " for each bot/customer pair in targets=botA/custA, botB/custB, one after the other.",
                "Each target is translated into the equivalent 'export ...' / 'import ...' command and run as that"
                        + " command; one failing does not stop the others. The exit code is the worst of all targets.",
                "With restart-failed=true (the default for exports), a target whose most recent export FAILED or was"
                        + " STOPPED (or left STARTED by a dead process) is restarted first ('restart ID').",
                "Relative paths in the job file (out, file) are resolved against the current directory. Job files"
                        + " never hold tokens: they come from the environment or the token-file options below." })
public final class RunCommand implements Callable<Integer>, JobCommand {
    /** How many recent executions the restart-first check looks through. */
    static final int LOOKBACK = 1000;

    @Parameters(paramLabel = "JOBFILE", description = "The job file, e.g. jobs/nightly-export.properties.")
    Path jobFile;

    @Option(names = "--explain", description = "Only print the commands the job file stands for; run nothing.")
    boolean explain;

    @Option(names = "--remote", description = "An export job file as one run over all its targets, its fetch spread"
            + " across scale-out workers (as remote=true in the file); see 'export --help' and 'worker --help'.")
    boolean remote;

    @Mixin
    Tokens tokens;

    @Mixin
    RuntimeOptions runtime;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record TargetResult(String label, List<String> steps, ExitCode code) {
    }

    @Override
    public RuntimeOptions runtime() {
        return runtime;
    }

    @Override
    public boolean runsJobs() {
        return !explain;
    }

    @Override
    public Integer call() {
        JobFile file = JobFile.load(jobFile);
        LocalDate today = LocalDate.now(file.zone());
        List<Invocation> invocations = file.invocations(today, Path.of("").toAbsolutePath(), remote);
        List<String> forwarded = forwardedOptions();
        String name = jobFile.toString();
        if (explain) {
            for (Invocation inv : invocations) {
                if (file.restartFailed() && inv.target().botId() != null) {
                    System.out.println("# " + inv.target().label() + ": first 'restart ID' if its previous export"
                            + " FAILED or STOPPED");
                }
                System.out.println("scripts/botbuddy " + String.join(" ", quoted(withOptions(inv.args(), forwarded))));
            }
            return ExitCode.COMPLETED.code();
        }
        System.out.println("run " + name + ": job=" + file.kind().name().toLowerCase() + ", " + invocations.size()
                + " target(s)" + (file.kind() == JobFile.Kind.EXPORT ? ", date " + file.runDate(today) : ""));

        Map<String, Decision> decisions = file.restartFailed() ? previousRuns(file, invocations, today) : Map.of();

        List<TargetResult> results = new ArrayList<>();
        AtomicBoolean stopRequested = new AtomicBoolean();
        SignalWatch watch = SignalWatch.install(stopRequested);
        try {
            int n = 0;
            for (Invocation inv : invocations) {
                n++;
                String label = inv.label();
                if (stopRequested.get() || JobRunner.stopSignalled()) {
                    results.add(new TargetResult(label, List.of("not run: stop requested (signal)"),
                            ExitCode.FAILED_RESTARTABLE));
                    continue;
                }
                System.out.println();
                System.out.println("== target " + n + "/" + invocations.size() + ": " + label + " ==");
                List<String> steps = new ArrayList<>();
                ExitCode worst = ExitCode.COMPLETED;
                Decision d = decisions.get(label);
                if (d != null) {
                    System.out.println("[" + label + "] " + d.reason());
                    if (d.action() == PreviousRunCheck.Action.RESTART) {
                        ExitCode restart = runCli(label, withOptions(List.of("restart", String.valueOf(d.executionId())),
                                forwarded));
                        steps.add("restart " + d.executionId() + ": exit " + restart.code() + " (" + restart.meaning() + ")");
                        worst = ExitCode.worst(worst, restart);
                    } else if (d.action() == PreviousRunCheck.Action.SKIP) {
                        steps.add("previous execution " + d.executionId() + " not restarted");
                    }
                }
                if (stopRequested.get() || JobRunner.stopSignalled()) {
                    steps.add(file.kind().name().toLowerCase() + ": not run: stop requested (signal)");
                    worst = ExitCode.worst(worst, ExitCode.FAILED_RESTARTABLE);
                } else {
                    ExitCode code = runCli(label, withOptions(inv.args(), forwarded));
                    steps.add(inv.args().get(0) + ": exit " + code.code() + " (" + code.meaning() + ")");
                    worst = ExitCode.worst(worst, code);
                }
                results.add(new TargetResult(label, steps, worst));
            }
        } finally {
            watch.uninstall();
        }

        ExitCode overall = ExitCode.COMPLETED;
        System.out.println();
        System.out.println("run " + name + ": summary");
        int width = results.stream().mapToInt(r -> r.label().length()).max().orElse(0);
        for (TargetResult r : results) {
            overall = ExitCode.worst(overall, r.code());
            System.out.println(String.format("  %-" + width + "s  exit %d  %s", r.label(), r.code().code(),
                    String.join("; ", r.steps())));
        }
        System.out.println("exit " + overall.code() + " (" + overall.meaning() + ")");
        System.out.flush();
        return overall.code();
    }

    /** Runs one command exactly as if typed, prefixing nothing to its own output; never throws. */
    private static ExitCode runCli(String label, List<String> args) {
        System.out.println("[" + label + "] botbuddy " + String.join(" ", quoted(args)));
        System.out.flush();
        int code;
        try {
            code = BotBuddyCli.run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            System.err.println("[" + label + "] error: " + e.getMessage());
            code = ExitCode.FAILED_RESTARTABLE.code();
        }
        ExitCode exit = of(code);
        System.out.println("[" + label + "] " + args.get(0) + " finished: exit " + exit.code() + " (" + exit.meaning() + ")");
        return exit;
    }

    /** One look at the job repository for every export target; failures here never stop the day's run. */
    private Map<String, Decision> previousRuns(JobFile file, List<Invocation> invocations, LocalDate today) {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        if (invocations.stream().allMatch(i -> i.target().botId() == null)) {
            return decisions;
        }
        Map<String, Object> quiet = new LinkedHashMap<>(runtime.springProperties());
        quiet.put("botbuddy.quiet", true);
        quiet.put("logging.level.com.botbuddy", "WARN");
        try (ConfigurableApplicationContext ctx = BatchContext.open(runtime.repository(), quiet)) {
            List<Row> rows = ctx.getBean(ExecutionListing.class).recent(LOOKBACK, null);
            JobRepository repository = ctx.getBean(JobRepository.class);
            for (Invocation inv : invocations) {
                if (inv.target().botId() == null) {
                    continue;
                }
                decisions.put(inv.target().label(), PreviousRunCheck.decide(rows, inv.target().botId(),
                        inv.target().customerId(), file.type(), file.runDate(today), id -> {
                            JobExecution e = repository.getJobExecution(id);
                            return e != null && e.isRunning() && !ProcessOwner.isDead(e);
                        }));
            }
        } catch (RuntimeException e) {
            System.err.println("run: cannot check for failed previous runs (" + e.getMessage()
                    + "); running today's jobs without restarting anything first");
        }
        return decisions;
    }

    /** The runtime and token options given to 'run' itself, passed on to every command it runs. */
    private List<String> forwardedOptions() {
        List<String> out = new ArrayList<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null) {
            return out;
        }
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.longestName().equals("--explain") || o.longestName().equals("--remote") || o.usageHelp()
                    || o.versionHelp()) {
                continue;
            }
            if (o.arity().max() == 0) {
                out.add(o.longestName());
            } else {
                for (String v : o.originalStringValues()) {
                    out.add(o.longestName());
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static List<String> withOptions(List<String> args, List<String> options) {
        List<String> all = new ArrayList<>(args);
        all.addAll(options);
        return all;
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.isEmpty() || a.matches(".*[\\s'\"$\\\\].*") ? "'" + a.replace("'", "'\\''") + "'"
                : a).toList();
    }

    static ExitCode of(int code) {
        for (ExitCode c : ExitCode.values()) {
            if (c.code() == code) {
                return c;
            }
        }
        return ExitCode.FAILED_RESTARTABLE;
    }

    /**
     * Notices SIGTERM / SIGINT so no further target starts: between targets through its own handler, and during
     * a job (where the job runner's handler stops the execution after its chunk) through
     * {@link JobRunner#stopSignalled()}.
     */
    static final class SignalWatch {
        private final TermAndIntHandler handler;

        private SignalWatch(TermAndIntHandler handler) {
            this.handler = handler;
        }

        static SignalWatch install(AtomicBoolean stopRequested) {
            PrintStream err = System.err;
            return new SignalWatch(TermAndIntHandler.install(signal -> {
                if (stopRequested.getAndSet(true)) {
                    err.println("second SIG" + signal.getName() + ": exiting now");
                    Runtime.getRuntime().halt(130);
                }
                err.println("SIG" + signal.getName() + ": no further targets will start (signal again to exit at once)");
            }));
        }

        void uninstall() {
            handler.close();
        }
    }
}
