package com.botbuddy.batch.cli;

import java.io.PrintStream;

import com.botbuddy.batch.ops.RunResult;

/** Prints a run's result and turns it into the exit code a scheduler acts on. */
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

    static int report(RunResult result) {
        ExitCode code = exitCode(result);
        PrintStream stream = code == ExitCode.COMPLETED || code == ExitCode.COMPLETED_WITH_REJECTIONS ? System.out
                : System.err;
        stream.println(result.message());
        stream.println("exit " + code.code() + " (" + code.meaning() + ")");
        stream.flush();
        return code.code();
    }
}
