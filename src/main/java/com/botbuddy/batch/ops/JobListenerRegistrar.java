package com.botbuddy.batch.ops;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Gives every job the operational listeners (process ownership, progress and step logs), so job
 * configurations describe only their own work. (Steps get the step log when they are beans.)
 */
@Component
public class JobListenerRegistrar implements BeanPostProcessor {
    private final ObjectProvider<ProcessOwner> processOwner;
    private final ObjectProvider<RunLog> runLog;

    public JobListenerRegistrar(ObjectProvider<ProcessOwner> processOwner, ObjectProvider<RunLog> runLog) {
        this.processOwner = processOwner;
        this.runLog = runLog;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractJob job) {
            job.registerJobExecutionListener(processOwner.getObject());
            job.registerJobExecutionListener(runLog.getObject());
        }
        if (bean instanceof AbstractStep step) {
            step.registerStepExecutionListener(runLog.getObject());
        }
        return bean;
    }
}
