package com.botbuddy.batch.cli;

/** The process exit codes a scheduler acts on (the table in the README and in {@code --help}). */
public enum ExitCode {
    COMPLETED(0, "completed"),
    FAILED_RESTARTABLE(1, "failed; restartable (the message prints the restart command)"),
    BAD_USAGE(2, "bad usage, bad configuration, or an unreadable/invalid input file"),
    AUTH_REFUSED(3, "the API refused a token (401/403)"),
    ALREADY_RUNNING(4, "the same job instance is already running"),
    COMPLETED_WITH_REJECTIONS(5, "completed, but some rows were rejected or failed (import)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The worst of two outcomes, for a job file that runs several jobs. */
    public static ExitCode worst(ExitCode a, ExitCode b) {
        return severity(a) >= severity(b) ? a : b;
    }

    private static int severity(ExitCode c) {
        return switch (c) {
            case COMPLETED -> 0;
            case COMPLETED_WITH_REJECTIONS -> 1;
            case ALREADY_RUNNING -> 2;
            case FAILED_RESTARTABLE -> 3;
            case AUTH_REFUSED -> 4;
            case BAD_USAGE -> 5;
        };
    }

    /** The table printed at the foot of {@code --help}. */
    public static String table() {
        StringBuilder sb = new StringBuilder("Exit codes:%n");
        for (ExitCode c : values()) {
            sb.append("  ").append(c.code).append("  ").append(c.meaning).append("%n");
        }
        return sb.toString();
    }
}
