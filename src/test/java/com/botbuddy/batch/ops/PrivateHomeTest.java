package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.botbuddy.batch.ops.BotbuddyProcess.Result;
import com.botbuddy.batch.ops.ProcessTestSupport.Repo;

/**
 * Only the operator gets into the embedded job repository: its home is private (created 0700, refused when others
 * can read or write it), its secret is generated once (0600) however many first starts race, and while a job runs,
 * the port H2 opens for other processes answers only on the loopback address and only to a client with the secret;
 * another Unix account can neither read the files nor connect.
 */
class PrivateHomeTest {
    @TempDir
    Path dir;

    @Test
    void aHomeOtherAccountsCanReadIsRefusedSayingHowToFixIt() throws IOException {
        Path home = Files.createDirectory(dir.resolve("shared"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> RepositorySettings.resolve(home, null, Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("--home " + home + " can be read by other accounts (rwxr-x---); it holds the job repository"
                        + " and its secret, so it must be private: chmod 700 " + home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx---rwx"));
        assertThatThrownBy(() -> RepositorySettings.resolve(home, null, Map.of()))
                .hasMessageContaining("can be changed by other accounts (rwx---rwx)");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        assertThat(RepositorySettings.resolve(home, null, Map.of()).home()).isEqualTo(home);
    }

    @Test
    void aNewHomeIsCreatedPrivateWithItsSecretReadableByTheOwnerOnly() throws IOException {
        Path home = dir.resolve("new/home");
        String secret = RepositorySettings.resolve(home, null, Map.of()).jdbcPassword();
        assertThat(secret).hasSizeGreaterThan(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("botbuddy.secret"))))
                .isEqualTo("rw-------");
        assertThat(RepositorySettings.resolve(home, null, Map.of()).jdbcPassword()).isEqualTo(secret);
    }

    @Test
    void twoFirstStartsAtOnceAgreeOnOneSecret() throws Exception {
        Path home = dir.resolve("raced");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> secrets = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                secrets.add(pool.submit(() -> RepositorySettings.resolve(home, null, Map.of()).jdbcPassword()));
            }
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> s : secrets) {
                distinct.add(s.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("botbuddy.secret");
        }
    }

    @Test
    void aRepositoryWhoseSecretIsLostSaysWhatToDo() throws IOException {
        Path home = Files.createDirectory(dir.resolve("lost"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(home.resolve("botbuddy.mv.db"), "x");
        assertThatThrownBy(() -> RepositorySettings.resolve(home, null, Map.of()).jdbcPassword())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exists but its secret " + home.resolve("botbuddy.secret") + " is missing")
                .hasMessageContaining("see the README");
    }

    /**
     * A running export serves the file to other processes; its lock file names the port and the key that stands for
     * the database's name. With both, a client still needs the secret; on any address but the loopback the port does
     * not answer at all; and another account cannot read the home nor open the database without the secret.
     */
    @Test
    void whileAJobRunsOnlyTheOperatorsSecretOpensTheRepositoryAndOnlyFromThisMachine() throws Exception {
        Repo repo = Repo.h2(dir.resolve("home"));
        Path home = dir.resolve("home");
        Path logs = dir.resolve("logs");
        try (BotbuddyProcess run = BotbuddyProcess.start(logs, "export", repo.env(), ProcessTestSupport.slowExport(
                repo, LocalDate.of(2030, 5, 1), dir.resolve("reports"), ProcessTestSupport.STOP_LATENCY_MS))) {
            long id = run.awaitExecutionId();
            repo.awaitCommits(run, id, "fetchLeads", 1);

            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(home.resolve("botbuddy.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server");
            String key = lock.getProperty("id");
            assertThat(server).as("the lock file names the port").matches("(localhost|127\\.0\\.0\\.1):\\d+");
            int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            String tcp = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + key;

            assertThatThrownBy(() -> DriverManager.getConnection(tcp, "sa", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
            try (Connection c = DriverManager.getConnection(tcp, "sa", Files.readString(home.resolve("botbuddy.secret")).strip())) {
                assertThat(c.isValid(2)).as("the key, the port and the secret together do open it").isTrue();
            }

            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other.get(), port), 2000))
                            .as("port %d on %s", port, other.get()).isInstanceOf(IOException.class);
                }
            }

            asAnotherAccount(home, tcp);

            Result stop = BotbuddyProcess.run(logs, "stop", repo.env(), ProcessTestSupport.command(repo, "stop",
                    String.valueOf(id)));
            Result stopped = run.awaitExit(BotbuddyProcess.TIMEOUT);
            String secret = Files.readString(home.resolve("botbuddy.secret")).strip();
            assertThat(stop.output() + stopped.output()).doesNotContain(secret);
            try (var files = Files.walk(dir)) {
                assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("botbuddy.secret"))
                        .filter(f -> contains(f, secret)).toList()).as("files holding the secret").isEmpty();
            }
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** As user nobody (uid 65534), with a copy of the H2 jar it can read, the key and the port handed over. */
    private void asAnotherAccount(Path home, String tcp) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "the other-account check needs root and setpriv (util-linux) to drop privileges");
        Path open = Files.createDirectory(dir.resolve("for-nobody"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                open.resolve("h2.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the home's 0700 must refuse
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            Assumptions.assumeTrue(Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE),
                    p + " cannot be entered by other accounts, so the check would not reach the home");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        String listing = asNobody("ls", home.toString());
        assertThat(listing).contains("Permission denied");
        String read = asNobody("cat", home.resolve("botbuddy.mv.db").toString());
        assertThat(read).contains("Permission denied");
        String connect = asNobody(java, "-cp", jar.toString(), "org.h2.tools.Shell", "-url", tcp, "-user", "sa",
                "-password", "", "-sql", "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION");
        assertThat(connect).contains("Wrong user name or password").doesNotContain("COUNT(*)");
    }

    private static String asNobody(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        Collections.addAll(all, command);
        Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isNotZero();
        return out;
    }

    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
