package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The shipped scheduler examples in scripts/schedule/ are well-formed and keep secrets out of the files. */
class SchedulingExamplesTest {
    private static final Path DIR = Path.of("scripts/schedule");
    private static final String JOB_FILE = "jobs/nightly-export.properties";

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        assertThat(o).as(what).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    @Test
    void kubernetesCronJobForbidsOverlapAndTakesEverySecretFromASecretKeyRef() throws Exception {
        Map<String, Object> doc = map(new Yaml().load(Files.readString(DIR.resolve("k8s-cronjob.yaml"))), "document");
        assertThat(doc).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "CronJob");
        Map<String, Object> spec = map(doc.get("spec"), "spec");
        assertThat(spec.get("schedule").toString().split(" ")).as("schedule has 5 fields").hasSize(5);
        assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
        Map<String, Object> pod = map(map(map(map(spec.get("jobTemplate"), "jobTemplate").get("spec"), "job spec")
                .get("template"), "template").get("spec"), "pod spec");
        assertThat(pod).containsEntry("restartPolicy", "Never");
        assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);

        List<Object> containers = list(pod.get("containers"), "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> container = map(containers.get(0), "container");
        assertThat(String.join(" ", (List<String>) (List<?>) list(container.get("args"), "args")))
                .startsWith("run " + JOB_FILE);
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object e : list(container.get("env"), "env")) {
            Map<String, Object> var = map(e, "env var");
            env.put((String) var.get("name"), var);
        }
        for (String secret : List.of("BOTBUDDY_BOT_TOKEN", "BOTBUDDY_BP_TOKEN", "BOTBUDDY_REPOSITORY_URL",
                "BOTBUDDY_REPOSITORY_USER", "BOTBUDDY_REPOSITORY_PASSWORD")) {
            assertThat(env).as(secret).containsKey(secret);
            assertThat(env.get(secret)).as(secret + " has no literal value").doesNotContainKey("value");
            Map<String, Object> ref = map(map(env.get(secret).get("valueFrom"), secret + " valueFrom")
                    .get("secretKeyRef"), secret + " secretKeyRef");
            assertThat(ref.get("name")).as(secret + " secret name").isNotNull();
            assertThat(ref.get("key")).as(secret + " secret key").isNotNull();
        }
        env.forEach((name, var) -> {
            if (name.matches(".*(TOKEN|PASSWORD|SECRET).*")) {
                assertThat(var).as(name + " must come from a Secret").doesNotContainKey("value");
            }
        });

        List<Object> volumes = list(pod.get("volumes"), "volumes");
        assertThat(volumes).isNotEmpty().allSatisfy(v -> assertThat(map(v, "volume"))
                .satisfiesAnyOf(m -> assertThat(m).containsKey("persistentVolumeClaim"),
                        m -> assertThat(m).containsKey("emptyDir")));
        assertThat(list(container.get("volumeMounts"), "volumeMounts")).anySatisfy(
                m -> assertThat(map(m, "mount").get("mountPath").toString()).endsWith("/reports"));
    }

    @Test
    void crontabLineHasFiveTimeFieldsAndAShellValidCommandWithoutTokens() throws Exception {
        List<String> entries = Files.readAllLines(DIR.resolve("crontab.example")).stream()
                .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).toList();
        assertThat(entries).hasSize(1);
        String[] fields = entries.get(0).trim().split("\\s+", 6);
        assertThat(fields).hasSize(6);
        for (int i = 0; i < 5; i++) {
            assertThat(fields[i]).as("time field " + (i + 1)).matches("[0-9*/,\\-]+");
        }
        assertThat(String.join(" ", List.of(fields).subList(0, 5))).isEqualTo("15 2 * * *");
        String command = fields[5];
        assertThat(command).startsWith("cd /opt/botbuddy").contains(". /etc/botbuddy/env",
                "scripts/botbuddy run " + JOB_FILE, ">> /var/log/botbuddy/nightly.log 2>&1")
                .doesNotContain("%") // cron turns % into a newline
                .doesNotContainPattern("BOTBUDDY_\\w*(TOKEN|PASSWORD)=");
        Process sh = new ProcessBuilder("sh", "-n", "-c", command).redirectErrorStream(true).start();
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).as(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void systemdUnitsRunTheNightlyJobFileAsAOneshotThatStopsGracefully() throws Exception {
        Map<String, String> service = unitKeys(DIR.resolve("botbuddy-nightly.service"));
        assertThat(service).containsEntry("Type", "oneshot").containsEntry("EnvironmentFile", "/etc/botbuddy/env")
                .containsEntry("WorkingDirectory", "/opt/botbuddy").containsEntry("KillSignal", "SIGTERM")
                .containsEntry("SuccessExitStatus", "5")
                .containsEntry("ExecStart", "/opt/botbuddy/scripts/botbuddy run " + JOB_FILE + " --quiet");
        assertThat(service.get("TimeoutStopSec")).matches("\\d+min|\\d+s?");
        assertThat(service.keySet()).noneMatch(k -> k.equals("Environment")); // tokens only via EnvironmentFile
        Map<String, String> timer = unitKeys(DIR.resolve("botbuddy-nightly.timer"));
        assertThat(timer).containsEntry("OnCalendar", "*-*-* 02:15:00").containsEntry("Unit", "botbuddy-nightly.service")
                .containsEntry("WantedBy", "timers.target");
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnits() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"),
                "systemd-analyze is not installed here: unit files checked structurally only");
        // verify insists that ExecStart exists: point it at a stand-in executable in a copy of the units
        Path fake = tmp.resolve("botbuddy");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String unit : List.of("botbuddy-nightly.service", "botbuddy-nightly.timer")) {
            Files.writeString(tmp.resolve(unit), Files.readString(DIR.resolve(unit))
                    .replace("/opt/botbuddy/scripts/botbuddy", fake.toString()));
        }
        Process p = new ProcessBuilder("systemd-analyze", "verify", tmp.resolve("botbuddy-nightly.service").toString(),
                tmp.resolve("botbuddy-nightly.timer").toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // verify exits 0 even for keys it ignores, so its messages are the real verdict; only complaints about
        // paths of the target machine (the env file, the service user) are acceptable here
        List<String> complaints = out.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.matches("(?i).*(/etc/botbuddy/env|/opt/botbuddy|no such file|user.*botbuddy).*")).toList();
        assertThat(complaints).as(out).isEmpty();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void everySchedulerRunsTheShippedNightlyJobFile() throws Exception {
        assertThat(Path.of(JOB_FILE)).exists();
        assertThat(JobFile.load(Path.of(JOB_FILE)).kind()).isEqualTo(JobFile.Kind.EXPORT);
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> schedulers = files.filter(f -> !f.getFileName().toString().equals("README.md")
                    && !f.getFileName().toString().endsWith(".timer")).toList();
            assertThat(schedulers).hasSize(3).allSatisfy(f -> assertThat(Files.readString(f)).contains(JOB_FILE));
        }
    }

    private static Map<String, String> unitKeys(Path unit) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> unknownSections = new ArrayList<>();
        for (String line : Files.readAllLines(unit)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[")) {
                if (!List.of("[Unit]", "[Service]", "[Timer]", "[Install]").contains(l)) {
                    unknownSections.add(l);
                }
                continue;
            }
            int eq = l.indexOf('=');
            assertThat(eq).as("key=value line in " + unit + ": " + l).isPositive();
            keys.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        assertThat(unknownSections).as("sections of " + unit).isEmpty();
        return keys;
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
    }
}
