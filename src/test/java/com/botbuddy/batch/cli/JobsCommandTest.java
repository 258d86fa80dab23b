package com.botbuddy.batch.cli;

import static com.botbuddy.batch.cli.CommandLineContractTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.cli.CommandLineContractTest.Run;

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
}
