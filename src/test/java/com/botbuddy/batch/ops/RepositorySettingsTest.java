package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the job repository lives, and a clear refusal when the embedded one's folder cannot be a folder. */
class RepositorySettingsTest {

    @TempDir
    Path tmp;

    @Test
    void aHomeFromTheEnvironmentThatIsAFileIsRefusedNamingTheVariable() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThatThrownBy(() -> RepositorySettings.resolve(null, null, Map.of(RepositorySettings.HOME_ENV, file.toString())))
                .isInstanceOf(InvalidInputException.class).hasNoCause()
                .hasMessage("BOTBUDDY_HOME " + file + " is a file, not a folder");
    }

    @Test
    void aHomeInsideAFileIsRefusedNamingTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Path home = file.resolve("data");
        assertThatThrownBy(() -> RepositorySettings.resolve(home, null, Map.of()))
                .isInstanceOf(InvalidInputException.class).hasNoCause()
                .hasMessage("--home " + home + ": " + file + " is a file, not a folder");
    }

    @Test
    void aHomeThatIsAFileDoesNotMatterWithAProductionRepository() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        RepositorySettings settings = RepositorySettings.resolve(file, "jdbc:postgresql://db:5432/batch", Map.of());
        assertThat(settings.embedded()).isFalse();
    }

    @Test
    void aHomeNotYetCreatedIsFineAndStaysUncreated() {
        Path home = tmp.resolve("not/yet");
        RepositorySettings settings = RepositorySettings.resolve(home, null, Map.of());
        assertThat(settings.home()).isEqualTo(home);
        assertThat(settings.embeddedFile()).isEqualTo(home.resolve("botbuddy.mv.db"));
        assertThat(home).doesNotExist();
    }
}
