package com.botbuddy.batch.cli;

/**
 * A command that runs jobs (export, import, restart, run): the command line keeps a support log for its process
 * (see {@link com.botbuddy.batch.ops.SupportLog}). The read-only commands (jobs, stop) and the sandbox keep none.
 */
interface JobCommand {

    /** Where the job repository, and so the support log's folder, is. */
    RuntimeOptions runtime();

    /** False when this invocation runs no job after all ('run --explain'). */
    default boolean runsJobs() {
        return true;
    }
}
