package com.botbuddy.batch.cli;

import static com.botbuddy.batch.cli.CommandLineContractTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import com.botbuddy.batch.cli.CommandLineContractTest.Run;
import com.botbuddy.batch.ops.BatchContext;
import com.botbuddy.batch.ops.RepositorySettings;

/** The {@code jobs} listing: it only looks, and says plainly what it found or what was wrong with the question. */
class JobsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listingAHomeWithNoRepositorySaysSoAndCreatesNothing() {
        Path home = tmp.resolve("nonexistent/dir");
        Run table = run("jobs", "--home", home.toString());
        assertThat(table.exit()).as(table.out()).isZero();
        assertThat(table.out().strip()).isEqualTo("no job executions yet (no job repository in " + home + ")");
        Run json = run("jobs", "--home", home.toString(), "--json");
        assertThat(json.exit()).as(json.out()).isZero();
        assertThat(json.out().strip()).isEqualTo("[ ]");
        assertThat(home).as("listing creates neither the folder nor a repository").doesNotExist();
    }

    @Test
    void lastBelowOneIsBadUsage() {
        Run zero = run("jobs", "--last", "0", "--home", tmp.resolve("d").toString());
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.out()).contains("--last must be at least 1, not 0").doesNotContain("\tat ");
        Run negative = run("jobs", "--last", "-3", "--home", tmp.resolve("d").toString());
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.out()).contains("--last must be at least 1, not -3");
    }

    @Test
    void anUnknownStatusIsBadUsageNamingTheAllowedOnes() {
        Run bogus = run("jobs", "--status", "BOGUS", "--home", tmp.resolve("d").toString());
        assertThat(bogus.exit()).isEqualTo(2);
        assertThat(bogus.out()).contains("--status").contains("BOGUS")
                .contains("COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "ABANDONED", "UNKNOWN")
                .doesNotContain("no job executions");
    }

    @Test
    void aValidStatusInAnyCaseWithNoMatchesSaysWhichStatusHasNone() {
        Path home = tmp.resolve("data");
        try (ConfigurableApplicationContext ctx = BatchContext.open(RepositorySettings.resolve(home, null, Map.of()),
                Map.of("botbuddy.quiet", true))) {
            assertThat(ctx.isActive()).isTrue();
        }
        Run failed = run("jobs", "--status", "failed", "--home", home.toString());
        assertThat(failed.exit()).as(failed.out()).isZero();
        assertThat(failed.out().strip()).isEqualTo("no FAILED job executions");
        Run any = run("jobs", "--home", home.toString());
        assertThat(any.out().strip()).isEqualTo("no job executions yet");
        Run json = run("jobs", "--status", "Completed", "--json", "--home", home.toString());
        assertThat(json.exit()).isZero();
        assertThat(json.out().strip()).isEqualTo("[ ]");
    }
}
