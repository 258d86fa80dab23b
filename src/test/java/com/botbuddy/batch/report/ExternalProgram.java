package com.botbuddy.batch.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program installed on the machine (LibreOffice, poppler, Gnumeric) for the tests that check the
 * workbook in other readers; those tests skip when {@link #find} does not find it.
 */
final class ExternalProgram {
    private ExternalProgram() {
    }

    /** The program's path on {@code PATH}, if it is installed. */
    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a program printed (standard output and error together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code command} in {@code workDir}, its output kept in a file there (so a chatty program never blocks
     * on a full pipe). A program still running after {@code timeout} is ended, with everything it started,
     * and the test fails saying so.
     */
    static Result run(Duration timeout, Path workDir, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(workDir, "program", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command.get(0) + " did not finish within " + timeout.toSeconds() + " s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
