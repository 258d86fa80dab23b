package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule that lets processes share the embedded repository in any order: a process that serves the file to the
 * others does not end while another process is inside a transaction through it; once that transaction commits it
 * ends, and the other process goes on, opening the file itself, with its commit in the file.
 */
class RepositoryAccessTest {
    @TempDir
    Path dir;

    @Test
    void aServingProcessEndsOnlyAfterAnotherProcessesTransactionAndThatProcessGoesOn() throws Exception {
        RepositorySettings settings = RepositorySettings.resolve(dir.resolve("home"), null, Map.of());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", BotbuddyProcess.classPath(),
                RepositoryServingProcess.class.getName(), settings.home().toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("serving true");
            Writer in = new java.io.OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);

            try (SharedH2DataSource asAJobDoes = SharedH2DataSource.pooled(settings.jdbcUrl(), settings.jdbcUser(),
                    settings.jdbcPassword()); Connection c = asAJobDoes.getConnection(); Statement s = c.createStatement()) {
                assertThat(RepositoryAccess.of(settings.home()).servesDatabase()).as("this JVM is a client").isFalse();
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO T VALUES (1)");

                in.write("exit\n");
                in.flush();
                assertThat(out.readLine()).isEqualTo("closing");
                assertThat(server.waitFor(1500, TimeUnit.MILLISECONDS))
                        .as("the serving process ended while this one was inside a transaction").isFalse();

                s.executeUpdate("INSERT INTO T VALUES (2)");
                c.commit();
            }
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the serving process ends once the transaction did")
                    .isTrue();
            assertThat(server.exitValue()).isZero();

            try (Connection c = settings.connect(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aShortCommandHasTheFileAloneServingNoOneAndAJobStartingMeanwhileWaitsForIt() throws Exception {
        RepositorySettings settings = RepositorySettings.resolve(dir.resolve("home"), null, Map.of());
        try (SharedH2DataSource pool = SharedH2DataSource.pooled(settings.jdbcUrl(), settings.jdbcUser(),
                settings.jdbcPassword())) {
            pool.getConnection().close(); // the database exists
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process job = null;
        try {
            try (Connection shortCommand = settings.connect()) {
                Properties lock = new Properties();
                Path lockFile = settings.home().resolve("botbuddy.lock.db");
                if (Files.exists(lockFile)) {
                    try (InputStream in = Files.newInputStream(lockFile)) {
                        lock.load(in);
                    }
                }
                assertThat(lock.getProperty("server")).as("no port for other processes").isNull();
                job = new ProcessBuilder(java, "-cp", BotbuddyProcess.classPath(),
                        RepositoryServingProcess.class.getName(), settings.home().toString()).redirectErrorStream(true)
                        .start();
                assertThat(job.waitFor(1500, TimeUnit.MILLISECONDS)).isFalse();
                assertThat(job.getInputStream().available()).as("the job is still waiting for the file").isZero();
            }
            BufferedReader out = new BufferedReader(new InputStreamReader(job.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("serving true");
            job.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
            job.getOutputStream().flush();
            assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(job.exitValue()).isZero();
        } finally {
            if (job != null) {
                job.destroyForcibly();
            }
        }
    }
}
