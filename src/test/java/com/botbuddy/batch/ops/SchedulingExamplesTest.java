package com.botbuddy.batch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    private static final String REMOTE_JOB_FILE = "jobs/agency.properties";
    /** What every scale-out process (manager and worker) takes from a Secret: nothing else may name a secret. */
    private static final List<String> SCALE_OUT_SECRETS = List.of("BOTBUDDY_BOT_TOKEN", "BOTBUDDY_REPOSITORY_USER",
            "BOTBUDDY_REPOSITORY_PASSWORD", "BOTBUDDY_BROKER_USER", "BOTBUDDY_BROKER_PASSWORD");

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
        List<String> units = List.of("botbuddy-nightly.service", "botbuddy-nightly.timer", "botbuddy-worker.service");
        for (String unit : units) {
            Files.writeString(tmp.resolve(unit), Files.readString(DIR.resolve(unit))
                    .replace("/opt/botbuddy/scripts/botbuddy", fake.toString()));
        }
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        units.forEach(unit -> command.add(tmp.resolve(unit).toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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
            // every file here is either a nightly scheduler or a scale-out example, each checked above
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("README.md")
                    && !f.endsWith(".timer"))).containsExactlyInAnyOrder("crontab.example", "botbuddy-nightly.service",
                    "k8s-cronjob.yaml", "botbuddy-worker.service", "k8s-workers.yaml");
        }
        for (String nightly : List.of("crontab.example", "botbuddy-nightly.service", "k8s-cronjob.yaml")) {
            assertThat(Files.readString(DIR.resolve(nightly))).as(nightly).contains(JOB_FILE);
        }
        assertThat(Files.readString(DIR.resolve("k8s-workers.yaml"))).contains(REMOTE_JOB_FILE);
    }

    @Test
    void theRemoteJobFileRunsOnTheWorkersWithoutSandboxOrSecrets() throws Exception {
        Properties keys = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(REMOTE_JOB_FILE), StandardCharsets.UTF_8)) {
            keys.load(in);
        }
        assertThat(keys).containsEntry("job", "export").containsEntry("remote", "true").containsEntry("stripes", "1")
                .doesNotContainKey("sandbox");
        assertThat(keys.getProperty("targets").split("[,\\s]+")).hasSizeGreaterThan(1)
                .allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9._~-]+/[A-Za-z0-9._~-]+"));
        assertThat(keys.stringPropertyNames()).noneMatch(k -> k.matches("(?i).*(token|password|secret).*"));
        Set<String> known = JobFile.knownKeys(JobFile.Kind.EXPORT);
        Assumptions.assumeTrue(known.contains("remote") && known.contains("stripes"),
                "JobFile does not know the keys remote and stripes yet: " + REMOTE_JOB_FILE + " checked as properties only");
        assertThat(JobFile.load(Path.of(REMOTE_JOB_FILE)).kind()).isEqualTo(JobFile.Kind.EXPORT);
    }

    @Test
    void systemdWorkerUnitRestartsAlwaysStopsGracefullyAndTakesSecretsFromItsEnvironmentFile() throws Exception {
        Path file = DIR.resolve("botbuddy-worker.service");
        Map<String, String> service = unitKeys(file);
        assertThat(service).containsEntry("ExecStart", "/opt/botbuddy/scripts/botbuddy worker")
                .containsEntry("Restart", "always").containsEntry("KillSignal", "SIGTERM")
                .containsEntry("EnvironmentFile", "/etc/botbuddy/env").containsEntry("WorkingDirectory", "/opt/botbuddy")
                .containsEntry("WantedBy", "multi-user.target");
        assertThat(service.get("Type")).as("a long-running service, not a oneshot").isIn("simple", "exec");
        assertThat(stopSeconds(service.get("TimeoutStopSec"))).as("time for a chunk after SIGTERM")
                .isGreaterThanOrEqualTo(60);
        assertThat(service.get("KillMode")).as("SIGTERM must reach the java process").isIn(null, "mixed", "control-group");
        assertThat(service.keySet()).noneMatch(k -> k.equals("Environment")); // settings only via EnvironmentFile
        // no secret and no broker URL with a password anywhere outside comments
        List<String> settings = Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.startsWith("#") && !l.startsWith(";")).toList();
        assertThat(settings).noneMatch(l -> l.matches("(?i).*(TOKEN|PASSWORD|SECRET)\\w*=.*"))
                .noneMatch(l -> l.matches(".*amqps?://[^/\\s]*@.*"));
    }

    @Test
    void kubernetesWorkersAndTheirManagerTakeEverySecretFromASecretKeyRef() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml().loadAll(Files.readString(DIR.resolve("k8s-workers.yaml")))) {
            docs.add(map(d, "document"));
        }
        assertThat(docs).extracting(d -> d.get("kind")).containsExactly("Deployment", "CronJob");

        Map<String, Object> deployment = docs.get(0);
        assertThat(deployment).containsEntry("apiVersion", "apps/v1");
        Map<String, Object> spec = map(deployment.get("spec"), "deployment spec");
        assertThat((Integer) spec.get("replicas")).as("replicas").isGreaterThanOrEqualTo(2);
        Map<String, Object> template = map(spec.get("template"), "template");
        Map<String, Object> selector = map(map(spec.get("selector"), "selector").get("matchLabels"), "matchLabels");
        assertThat(map(map(template.get("metadata"), "template metadata").get("labels"), "template labels"))
                .containsAllEntriesOf(selector);
        Map<String, Object> workerPod = map(template.get("spec"), "worker pod spec");
        assertThat(workerPod.getOrDefault("restartPolicy", "Always")).isEqualTo("Always");
        assertThat((Integer) workerPod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);
        Map<String, Object> worker = onlyContainer(workerPod);
        assertThat(list(worker.get("args"), "worker args")).containsExactly("worker");
        Map<String, Map<String, Object>> workerEnv = scaleOutEnv(worker);

        Map<String, Object> cronJob = docs.get(1);
        assertThat(cronJob).containsEntry("apiVersion", "batch/v1");
        Map<String, Object> cronSpec = map(cronJob.get("spec"), "cronjob spec");
        assertThat(cronSpec.get("schedule").toString().split(" ")).as("schedule has 5 fields").hasSize(5);
        assertThat(cronSpec).containsEntry("concurrencyPolicy", "Forbid");
        Map<String, Object> managerPod = map(map(map(map(cronSpec.get("jobTemplate"), "jobTemplate").get("spec"),
                "job spec").get("template"), "template").get("spec"), "manager pod spec");
        assertThat(managerPod).containsEntry("restartPolicy", "Never");
        assertThat((Integer) managerPod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(60);
        Map<String, Object> manager = onlyContainer(managerPod);
        String args = String.join(" ", list(manager.get("args"), "manager args").stream().map(String::valueOf).toList());
        assertThat(args).startsWith("run " + REMOTE_JOB_FILE).contains(" --remote");
        Map<String, Map<String, Object>> managerEnv = scaleOutEnv(manager);
        // the manager writes the reports, onto a volume that outlives the pod
        assertThat(list(managerPod.get("volumes"), "volumes")).isNotEmpty().allSatisfy(v -> assertThat(map(v, "volume"))
                .satisfiesAnyOf(m -> assertThat(m).containsKey("persistentVolumeClaim"),
                        m -> assertThat(m).containsKey("emptyDir")));
        assertThat(list(manager.get("volumeMounts"), "volumeMounts")).anySatisfy(
                m -> assertThat(map(m, "mount").get("mountPath").toString()).endsWith("/reports"));

        // both sides of one run read the same Secrets and talk to the same broker and repository
        for (String name : List.of("BOTBUDDY_BROKER_URL", "BOTBUDDY_REPOSITORY_URL")) {
            assertThat(managerEnv.get(name)).as(name).isEqualTo(workerEnv.get(name));
        }
        for (String secret : SCALE_OUT_SECRETS) {
            assertThat(managerEnv.get(secret)).as(secret).isEqualTo(workerEnv.get(secret));
        }
    }

    private static Map<String, Object> onlyContainer(Map<String, Object> pod) {
        List<Object> containers = list(pod.get("containers"), "containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> container = map(containers.get(0), "container");
        assertThat(container).containsEntry("command", List.of("/opt/botbuddy/scripts/botbuddy"))
                .containsEntry("workingDir", "/opt/botbuddy");
        return container;
    }

    /** The container's env by name, after checking that secrets come from Secrets and URLs carry none. */
    private static Map<String, Map<String, Object>> scaleOutEnv(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        for (Object e : list(container.get("env"), "env")) {
            Map<String, Object> var = map(e, "env var");
            env.put((String) var.get("name"), var);
        }
        for (String secret : SCALE_OUT_SECRETS) {
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
        // plain values that the tool refuses if they carry a password (exit 2)
        String broker = (String) env.get("BOTBUDDY_BROKER_URL").get("value");
        assertThat(broker).as("BOTBUDDY_BROKER_URL").matches("amqps?://[^@/\\s]+(/.*)?");
        String repository = (String) env.get("BOTBUDDY_REPOSITORY_URL").get("value");
        assertThat(repository).as("BOTBUDDY_REPOSITORY_URL (PostgreSQL: H2 is refused)").startsWith("jdbc:postgresql://")
                .doesNotContainIgnoringCase("password").doesNotContain("@");
        return env;
    }

    /** Seconds of a systemd time span such as 120, 120s, 2min or 2min 30s. */
    private static long stopSeconds(String span) {
        assertThat(span).as("TimeoutStopSec").isNotNull().matches("(\\d+\\s*(min|s)?\\s*)+");
        long seconds = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(min|s)?").matcher(span);
        while (m.find()) {
            seconds += Long.parseLong(m.group(1)) * ("min".equals(m.group(2)) ? 60 : 1);
        }
        return seconds;
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
