package com.botbuddy.batch.cli;

import java.io.PrintStream;

import com.botbuddy.batch.ops.RunResult;
import com.botbuddy.batch.ops.SupportLog;

/**
 * Prints a run's result and turns it into the exit code a scheduler acts on; a failed run also names the support
 * log that holds its stack traces.
 */
final class Outcomes {
    private Outcomes() {
    }

    static ExitCode exitCode(RunResult result) {
        return switch (result.outcome()) {
            case COMPLETED, ALREADY_COMPLETE -> ExitCode.COMPLETED;
            case COMPLETED_WITH_REJECTIONS -> ExitCode.COMPLETED_WITH_REJECTIONS;
            case FAILED, STOPPED -> ExitCode.FAILED_RESTARTABLE;
            case AUTH_REFUSED -> ExitCode.AUTH_REFUSED;
            case INVALID_INPUT -> ExitCode.BAD_USAGE;
            case ALREADY_RUNNING -> ExitCode.ALREADY_RUNNING;
        };
    }

    /** A run that failed (its traces are in the support log), not one stopped, refused or already running. */
    private static boolean failed(RunResult result) {
        return switch (result.outcome()) {
            case FAILED, AUTH_REFUSED, INVALID_INPUT -> true;
            default -> false;
        };
    }

    static int report(RunResult result) {
        ExitCode code = exitCode(result);
        PrintStream stream = code == ExitCode.COMPLETED || code == ExitCode.COMPLETED_WITH_REJECTIONS ? System.out
                : System.err;
        stream.println(result.message());
        if (failed(result)) {
            SupportLog.current().flatMap(SupportLog::fileIfMade).ifPresent(file -> stream.println("details: " + file));
        }
        stream.println("exit " + code.code() + " (" + code.meaning() + ")");
        stream.flush();
        return code.code();
    }
}
