package com.botbuddy.batch.remote;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

import com.botbuddy.batch.export.ExportParameters;
import com.botbuddy.batch.ops.InvalidInputException;

/**
 * The parameters of one export over many targets spread across workers: one job instance, named by its targets,
 * type, date and stripes; every other option as a local export's ({@link ExportParameters}), shared by all targets.
 *
 * @param targets the bot/customer pairs, in the order their reports are written
 * @param shape the run's options, with the first target's ids (each target's own come from {@link #target})
 * @param stripes into how many stripes each listing is split: fixed here, not by the number of workers, so a
 *     restart with other workers finds the same partitions
 */
public record RemoteExport(List<Target> targets, ExportParameters shape, int stripes) {
    public static final String JOB_NAME = "remoteExport";
    public static final String TARGETS = "targets";
    public static final String STRIPES = "stripes";
    public static final int MAX_STRIPES = 64;

    /** One bot and customer. */
    public record Target(String botId, String customerId) {
        public String label() {
            return botId + "/" + customerId;
        }

        /** The run's parameters for this target. */
        public ExportParameters of(ExportParameters shape) {
            return shape.withTarget(botId, customerId);
        }

        static Target parse(String label) {
            int slash = label.indexOf('/');
            if (slash <= 0 || slash == label.length() - 1 || label.indexOf('/', slash + 1) >= 0) {
                throw new InvalidInputException("a target is botId/customerId, not '" + label + "'");
            }
            return new Target(label.substring(0, slash).strip(), label.substring(slash + 1).strip());
        }
    }

    public RemoteExport {
        if (targets.isEmpty() || targets.size() > 9_999) {
            throw new InvalidInputException("a remote export needs between 1 and 9999 targets, not " + targets.size());
        }
        Set<Target> seen = new HashSet<>();
        for (Target t : targets) {
            if (!seen.add(t)) {
                throw new InvalidInputException("target " + t.label() + " is listed twice");
            }
        }
        if (stripes < 1 || stripes > MAX_STRIPES) {
            throw new InvalidInputException("--stripes must be between 1 and " + MAX_STRIPES + ", not " + stripes);
        }
        targets = List.copyOf(targets);
        targets.forEach(t -> t.of(shape)); // each pair's ids checked as a local export's
    }

    /** The targets of {@code botA/custA,botB/custB}. */
    public static List<Target> parseTargets(String list) {
        List<Target> targets = new ArrayList<>();
        for (String label : list.split("[,\\s]+")) {
            if (!label.isBlank()) {
                targets.add(Target.parse(label.strip()));
            }
        }
        return targets;
    }

    /** The job parameters: the local export's, with the targets and stripes in place of the one bot and customer. */
    public JobParameters toJobParameters() {
        JobParametersBuilder b = new JobParametersBuilder();
        for (JobParameter<?> p : shape.toJobParameters()) {
            if (!p.name().equals(ExportParameters.BOT_ID) && !p.name().equals(ExportParameters.CUSTOMER_ID)) {
                b.addJobParameter(p);
            }
        }
        return b.addString(TARGETS, String.join(",", targets.stream().map(Target::label).toList()), true)
                .addLong(STRIPES, (long) stripes, true)
                .toJobParameters();
    }

    /** The targets a run's job parameters name. */
    static List<Target> targets(JobParameters p) {
        return parseTargets(p.getString(TARGETS, ""));
    }

    static int stripes(JobParameters p) {
        return p.getLong(STRIPES, 1L).intValue();
    }
}
