package com.botbuddy.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The restart command a failed or stopped run prints can be pasted as it is, and finds the same run. */
class RestartHintTest {

    private static RuntimeOptions parse(String... args) {
        ExportCommand export = new ExportCommand();
        new CommandLine(export).parseArgs(args);
        return export.runtime;
    }

    @Test
    void optionsThatChoseTheRepositoryAndTheApiAreRepeatedQuotedForTheShell() {
        RuntimeOptions options = parse("--home", "/srv/batch data/it's", "--base-url", "http://127.0.0.1:8089");
        assertThat(options.restartOptions())
                .isEqualTo("--home '/srv/batch data/it'\\''s' --base-url http://127.0.0.1:8089");
        assertThat(options.springProperties()).containsEntry("botbuddy.restart-options", options.restartOptions());
    }

    @Test
    void aRepositoryUrlLosesItsParametersWhichMayHoldAPassword() {
        RuntimeOptions options = parse("--repository-url", "jdbc:postgresql://db:5432/batch?user=ops&password=hunter2");
        assertThat(options.restartOptions()).isEqualTo("--repository-url jdbc:postgresql://db:5432/batch");
    }

    @Test
    void settingsFromTheEnvironmentAddNothing() {
        RuntimeOptions options = parse("--quiet");
        assertThat(options.restartOptions()).isEmpty();
        assertThat(options.springProperties()).doesNotContainKey("botbuddy.restart-options");
    }

    @Test
    void aRelativeHomeIsMadeAbsoluteSoTheCommandWorksFromAnotherFolder() {
        RuntimeOptions options = parse("--home", "data");
        assertThat(options.restartOptions()).isEqualTo("--home " + ShellWords.quote(Path.of("data").toAbsolutePath().toString()));
    }
}
