package com.botbuddy.batch.ops;

import java.util.StringJoiner;

import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;

/** Job parameters as one readable line. Parameters never hold secrets (tokens are not parameters). */
public final class JobParametersView {
    private JobParametersView() {
    }

    public static String describe(JobParameters parameters) {
        StringJoiner joiner = new StringJoiner(", ");
        for (JobParameter<?> p : parameters.parameters()) {
            if (p.identifying()) {
                joiner.add(p.name() + "=" + p.value());
            }
        }
        return joiner.toString();
    }
}
