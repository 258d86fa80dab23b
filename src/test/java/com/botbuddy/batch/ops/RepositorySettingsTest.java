package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the job repository lives, and a clear refusal when the embedded one's folder cannot be a folder or a
 * repository URL carries a password.
 */
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

    @Test
    void aPasswordParameterInTheRepositoryUrlOptionIsRefusedPointingToTheVariableAndPgpass() {
        assertThatThrownBy(() -> RepositorySettings.resolve(null,
                "jdbc:postgresql://db:5432/batch?user=ops&password=hunter2", Map.of()))
                .isInstanceOf(InvalidInputException.class).hasNoCause()
                .hasMessage("--repository-url holds a password; leave it out of the URL and set"
                        + " BOTBUDDY_REPOSITORY_PASSWORD, or put it in ~/.pgpass (the PostgreSQL driver reads it when no"
                        + " password is given)");
    }

    @Test
    void aPasswordInTheRepositoryUrlVariableIsRefusedNamingTheVariableWithoutRepeatingThePassword() {
        for (String url : java.util.List.of("jdbc:postgresql://db:5432/batch?password=hunter2",
                "jdbc:postgresql://db:5432/batch?ssl=true&PASSWORD=hunter2",
                "jdbc:postgresql://ops:hunter2@db:5432/batch",
                "jdbc:postgresql://ops:hunter2@db/batch?ssl=true",
                "jdbc:h2:tcp://db/batch;USER=ops;PASSWORD=hunter2")) {
            assertThatThrownBy(() -> RepositorySettings.resolve(null, null,
                    Map.of(RepositorySettings.URL_ENV, url)))
                    .as(url).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("BOTBUDDY_REPOSITORY_URL holds a password;")
                    .hasMessageContaining("BOTBUDDY_REPOSITORY_PASSWORD").hasMessageContaining("~/.pgpass")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void aUserWithoutPasswordAndOtherParametersAreAccepted() {
        for (String url : java.util.List.of("jdbc:postgresql://db:5432/batch",
                "jdbc:postgresql://ops@db:5432/batch",
                "jdbc:postgresql://db:5432/batch?user=ops&sslmode=verify-full&sslpasswordcallback=x.Y",
                "jdbc:postgresql://[::1]:5432/batch?user=ops",
                "jdbc:postgresql://db1:5432,db2:5432/batch?targetServerType=primary")) {
            assertThat(RepositorySettings.resolve(null, url, Map.of()).url()).as(url).isEqualTo(url);
        }
    }

    @Test
    void withoutAPasswordVariableThePostgresDriverIsGivenNoPasswordSoItReadsPgpass() throws IOException {
        RepositorySettings unset = RepositorySettings.resolve(null, "jdbc:postgresql://db:5432/batch",
                Map.of(RepositorySettings.USER_ENV, "ops"));
        assertThat(unset.jdbcPassword()).as("null, not empty: pgjdbc reads ~/.pgpass only without one").isNull();
        RepositorySettings empty = RepositorySettings.resolve(null, "jdbc:postgresql://db:5432/batch",
                Map.of(RepositorySettings.USER_ENV, "ops", RepositorySettings.PASSWORD_ENV, ""));
        assertThat(empty.jdbcPassword()).isNull();
        RepositorySettings set = RepositorySettings.resolve(null, "jdbc:postgresql://db:5432/batch",
                Map.of(RepositorySettings.USER_ENV, "ops", RepositorySettings.PASSWORD_ENV, "s3cret"));
        assertThat(set.jdbcPassword()).isEqualTo("s3cret");
        assertThat(RepositorySettings.resolve(tmp, null, Map.of()).jdbcPassword()).as("the embedded one's")
                .isEqualTo(Files.readString(tmp.resolve("botbuddy.secret")).strip());
    }
}
