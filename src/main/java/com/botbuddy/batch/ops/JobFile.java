package com.botbuddy.batch.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@code jobs/*.properties} file: the parameters of one scheduled run, for one or several bot/customer
 * targets. It is translated into the argument lists of the ordinary {@code export} / {@code import}
 * commands, so every value is validated by the command itself; this class only checks the file's shape
 * (known keys, no secrets, a well-formed target list, booleans, the zone and the date keywords).
 *
 * <p>Syntax (Java properties, read as UTF-8; blank values count as unset):
 * <pre>
 * job=export                                  # export | import (required)
 * targets=botA/custA, botB/custB              # one job instance per pair, run one after the other
 * # or, for a single target: bot-id=botA  customer-id=custA
 * </pre>
 * Relative paths ({@code out}, {@code file}) are resolved against the <b>current directory</b> of the
 * process (the install folder, as the scheduling examples {@code cd} there), never against the job
 * file's folder. Tokens and passwords never belong in a job file: a key that looks like one is refused.
 */
public final class JobFile {

    public enum Kind { EXPORT, IMPORT }

    /** One bot/customer pair; both null for an import that takes the ids from its input file. */
    public record Target(String botId, String customerId) {
        public String label() {
            return botId == null ? "(ids from the input file)" : botId + "/" + customerId;
        }
    }

    /** The command line one target stands for: {@code args} go to {@code BotBuddyCli.run}. */
    public record Invocation(Target target, List<String> args, String label) {
        public Invocation(Target target, List<String> args) {
            this(target, args, target.label());
        }
    }

    static final Set<String> COMMON_KEYS = ordered("job", "targets", "bot-id", "customer-id", "out", "concurrency",
            "sandbox");
    static final Set<String> EXPORT_KEYS = ordered("type", "format", "date", "zone", "max-pages", "since",
            "sandbox-chats", "restart-failed", "remote", "stripes");
    static final Set<String> IMPORT_KEYS = ordered("file", "sheet", "dry-run", "rate", "max-error-rate", "force",
            "overwrite-newer");

    private static final Pattern SECRET_KEY = Pattern.compile(
            ".*(token|password|passwd|pwd|secret|api[-_.]?key|apikey|credential|private[-_.]?key|auth).*");

    private final Path source;
    private final Kind kind;
    private final Map<String, String> values;
    private final List<Target> targets;

    private JobFile(Path source, Kind kind, Map<String, String> values, List<Target> targets) {
        this.source = source;
        this.kind = kind;
        this.values = values;
        this.targets = targets;
    }

    /** Reads and checks a job file; every problem is an {@link InvalidInputException} (exit 2). */
    public static JobFile load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("job file " + file + " does not exist (job files live in jobs/, e.g."
                    + " jobs/nightly-export.properties)");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("job file " + file + " is not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read job file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            values.put(key, properties.getProperty(key).strip());
        }
        return parse(file, values);
    }

    /** Checks already-read key/value pairs ({@code source} only names the file in messages). */
    public static JobFile parse(Path source, Map<String, String> raw) {
        String where = "job file " + source;
        // secrets first, and by key only: the value is never echoed
        for (String key : raw.keySet()) {
            if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidInputException(where + ": key '" + key + "' looks like a token, password or secret;"
                        + " job files must never hold secrets (its value is not shown). Remove the line and give tokens"
                        + " through the environment (BOTBUDDY_BOT_TOKEN, BOTBUDDY_BP_TOKEN, BOTBUDDY_REPOSITORY_PASSWORD)"
                        + " or --bot-token-file / --bp-token-file on the command line.");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                values.put(k, v.strip());
            }
        });
        String job = values.get("job");
        if (job == null) {
            throw new InvalidInputException(where + ": 'job' is required (job=export or job=import)");
        }
        Kind kind = switch (job.toLowerCase(Locale.ROOT)) {
            case "export" -> Kind.EXPORT;
            case "import" -> Kind.IMPORT;
            default -> throw new InvalidInputException(where + ": job must be export or import, not '" + job + "'");
        };
        Set<String> known = knownKeys(kind);
        for (String key : raw.keySet()) {
            if (!known.contains(key)) {
                Set<String> other = kind == Kind.EXPORT ? IMPORT_KEYS : EXPORT_KEYS;
                throw new InvalidInputException(where + ": unknown key '" + key + "'"
                        + (other.contains(key) ? " (it applies only to job=" + (kind == Kind.EXPORT ? "import" : "export")
                                + ")" : "")
                        + "; known keys for job=" + kind.name().toLowerCase(Locale.ROOT) + ": " + String.join(", ", known));
            }
        }
        for (String flag : List.of("sandbox", "restart-failed", "dry-run", "force", "overwrite-newer")) {
            String v = values.get(flag);
            if (v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new InvalidInputException(where + ": " + flag + " must be true or false, not '" + v + "'");
            }
        }
        if (values.containsKey("zone")) {
            try {
                ZoneId.of(values.get("zone"));
            } catch (DateTimeException e) {
                throw new InvalidInputException(where + ": zone '" + values.get("zone")
                        + "' is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
            }
        }
        List<Target> targets = targets(where, values);
        boolean sandbox = "true".equalsIgnoreCase(values.get("sandbox"));
        if (kind == Kind.EXPORT && targets.isEmpty() && !sandbox) {
            throw new InvalidInputException(where + ": no target; set targets=botId/customerId[, botId/customerId...]"
                    + " (or bot-id= and customer-id=)");
        }
        if (kind == Kind.IMPORT && !values.containsKey("file")) {
            throw new InvalidInputException(where + ": job=import needs file= (the CSV or XLSX to import)");
        }
        if (targets.isEmpty()) {
            targets = List.of(new Target(null, null));
        }
        return new JobFile(source, kind, Collections.unmodifiableMap(values), List.copyOf(targets));
    }

    private static List<Target> targets(String where, Map<String, String> values) {
        String list = values.get("targets");
        String bot = values.get("bot-id");
        String customer = values.get("customer-id");
        if (list != null && (bot != null || customer != null)) {
            throw new InvalidInputException(where + ": use either targets= or bot-id=/customer-id=, not both");
        }
        if (list == null) {
            if ((bot == null) != (customer == null)) {
                throw new InvalidInputException(where + ": bot-id and customer-id go together (or use targets=)");
            }
            return bot == null ? List.of() : List.of(new Target(bot, customer));
        }
        List<Target> targets = new ArrayList<>();
        Set<Target> seen = new LinkedHashSet<>();
        for (String entry : list.split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("/", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new InvalidInputException(where + ": target '" + entry + "' is not botId/customerId"
                        + " (targets=botA/custA, botB/custB)");
            }
            Target t = new Target(parts[0], parts[1]);
            if (!seen.add(t)) {
                throw new InvalidInputException(where + ": target " + t.label() + " is listed twice");
            }
            targets.add(t);
        }
        if (targets.isEmpty()) {
            throw new InvalidInputException(where + ": targets= lists no botId/customerId pair");
        }
        return targets;
    }

    public static Set<String> knownKeys(Kind kind) {
        Set<String> keys = new LinkedHashSet<>(COMMON_KEYS);
        keys.addAll(kind == Kind.EXPORT ? EXPORT_KEYS : IMPORT_KEYS);
        return Collections.unmodifiableSet(keys);
    }

    public Path source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    public List<Target> targets() {
        return targets;
    }

    public String value(String key) {
        return values.get(key);
    }

    public boolean flag(String key, boolean defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v.equalsIgnoreCase("true");
    }

    /** Export only: restart the target's failed previous run first (default true). */
    public boolean restartFailed() {
        return kind == Kind.EXPORT && flag("restart-failed", true);
    }

    public String type() {
        return values.getOrDefault("type", "all");
    }

    public ZoneId zone() {
        return ZoneId.of(values.getOrDefault("zone", "UTC"));
    }

    /**
     * The run date every export target of this run uses: {@code date} as given (YYYY-MM-DD, checked by the
     * export command), {@code today} / {@code yesterday} in {@code zone}, or today in {@code zone} when unset.
     * Fixed once per run, so targets run after midnight still share the date. Null for imports.
     */
    public String runDate(LocalDate todayInZone) {
        if (kind != Kind.EXPORT) {
            return null;
        }
        String d = values.get("date");
        if (d == null || d.equalsIgnoreCase("today")) {
            return todayInZone.toString();
        }
        if (d.equalsIgnoreCase("yesterday")) {
            return todayInZone.minusDays(1).toString();
        }
        return d;
    }

    /** Export only: one run over all targets, its fetch spread across scale-out workers ({@code remote=true}). */
    public boolean remote() {
        return kind == Kind.EXPORT && flag("remote", false);
    }

    /**
     * The argument lists, one per target, in file order, with {@code today} being today's date in {@link #zone()};
     * a remote export ({@code remote}: the file's {@code remote=true} or the command line's {@code --remote}) is
     * one command for all targets.
     */
    public List<Invocation> invocations(LocalDate todayInZone, Path workingDir, boolean remote) {
        if (kind == Kind.EXPORT && (remote || remote())) {
            List<String> a = exportArgs(new Target(null, null), todayInZone, workingDir);
            a.addAll(1, List.of("--remote", "--targets", String.join(",", targets.stream().map(Target::label).toList())));
            option(a, "--stripes", "stripes");
            return List.of(new Invocation(new Target(null, null), a, "remote: " + targets.size() + " target(s)"));
        }
        return invocations(todayInZone, workingDir);
    }

    /** The argument lists, one per target, in file order, with {@code today} being today's date in {@link #zone()}. */
    public List<Invocation> invocations(LocalDate todayInZone, Path workingDir) {
        List<Invocation> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(new Invocation(t, kind == Kind.EXPORT ? exportArgs(t, todayInZone, workingDir)
                    : importArgs(t, workingDir)));
        }
        return out;
    }

    private List<String> exportArgs(Target t, LocalDate today, Path cwd) {
        List<String> a = new ArrayList<>(List.of("export"));
        ids(a, t);
        option(a, "--type", "type");
        a.add("--date");
        a.add(runDate(today));
        option(a, "--zone", "zone");
        path(a, "--out", "out", cwd);
        option(a, "--format", "format");
        option(a, "--concurrency", "concurrency");
        option(a, "--max-pages", "max-pages");
        option(a, "--since", "since");
        if (flag("sandbox", false)) {
            a.add("--sandbox");
            option(a, "--sandbox-chats", "sandbox-chats");
        }
        return a;
    }

    private List<String> importArgs(Target t, Path cwd) {
        List<String> a = new ArrayList<>(List.of("import", resolve(values.get("file"), cwd)));
        ids(a, t);
        option(a, "--sheet", "sheet");
        if (flag("dry-run", false)) {
            a.add("--dry-run");
        }
        path(a, "--out", "out", cwd);
        option(a, "--concurrency", "concurrency");
        option(a, "--rate", "rate");
        option(a, "--max-error-rate", "max-error-rate");
        if (flag("force", false)) {
            a.add("--force");
        }
        if (flag("overwrite-newer", false)) {
            a.add("--overwrite-newer");
        }
        if (flag("sandbox", false)) {
            a.add("--sandbox");
        }
        return a;
    }

    private static void ids(List<String> a, Target t) {
        if (t.botId() != null) {
            a.addAll(List.of("--bot-id", t.botId(), "--customer-id", t.customerId()));
        }
    }

    private void option(List<String> a, String option, String key) {
        String v = values.get(key);
        if (v != null) {
            a.add(option);
            a.add(v);
        }
    }

    private void path(List<String> a, String option, String key, Path cwd) {
        String v = values.get(key);
        if (v != null) {
            a.add(option);
            a.add(resolve(v, cwd));
        }
    }

    private static String resolve(String path, Path cwd) {
        try {
            return cwd.resolve(path).normalize().toString();
        } catch (RuntimeException e) {
            return path; // not a valid path on this system: the command reports it
        }
    }

    private static Set<String> ordered(String... keys) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
