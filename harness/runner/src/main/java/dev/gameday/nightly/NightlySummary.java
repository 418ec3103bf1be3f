package dev.gameday.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gameday.report.RunVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a nightly did: every run with its verdict, seed and directory, failures first, and what shrinking made of
 * each failure. Written as summary.json (for tools) and summary.md (for people) after every run, so an interrupted
 * nightly still leaves one.
 */
public final class NightlySummary {

    /**
     * One run of the nightly. {@code verdict} is pass, fail, unknown, or error (the cluster did not boot: no
     * verdict). {@code shrink} is set for a failure that was shrunk.
     */
    public record Run(
            int round,
            String experiment,
            long seed,
            String verdict,
            List<String> reasons,
            String runDirectory,
            Shrink shrink) {}

    /**
     * Shrinking of one failed run: minimal.yaml, faults before and after, runs it took; {@code confirmed}: how many
     * re-runs of minimal.yaml failed the same way, of how many ("3 of 5"), or null when not re-run.
     */
    public record Shrink(
            String minimalPlan,
            int faultsBefore,
            int faultsAfter,
            int runs,
            boolean budgetSpent,
            List<String> tries,
            String confirmed) {}

    /** summary.json's fields. */
    public record Document(
            String started,
            String finished,
            String elapsed,
            long seed,
            String timeScale,
            List<String> experiments,
            List<String> storeBugs,
            boolean interrupted,
            int runs,
            int failed,
            int unknown,
            int exitCode,
            List<Run> results) {}

    private final Instant started = Instant.now();
    private final long seed;
    private final String timeScale;
    private final List<String> experiments;
    private final List<String> storeBugs;
    private final List<Run> runs = new ArrayList<>();

    public NightlySummary(long seed, String timeScale, List<String> experiments, List<String> storeBugs) {
        this.seed = seed;
        this.timeScale = timeScale;
        this.experiments = List.copyOf(experiments);
        this.storeBugs = List.copyOf(storeBugs);
    }

    public synchronized void add(Run run) {
        runs.add(run);
    }

    /** Replaces the last run (the same run, now with its shrink result). */
    public synchronized void replaceLast(Run run) {
        runs.set(runs.size() - 1, run);
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    /** 1 if any run failed, else 3 if any was unknown or could not run, else 0. */
    public synchronized int exitCode() {
        if (count("fail") > 0) {
            return RunVerdict.FAIL.exitCode();
        }
        return count("unknown") + count("error") > 0 ? RunVerdict.UNKNOWN.exitCode() : RunVerdict.PASS.exitCode();
    }

    private long count(String verdict) {
        return runs.stream().filter(r -> r.verdict().equals(verdict)).count();
    }

    /** Failures first, then unknowns and errors, then passes; in run order within each. */
    synchronized List<Run> ordered() {
        return runs.stream()
                .sorted(Comparator.comparingInt(NightlySummary::rank))
                .toList();
    }

    private static int rank(Run r) {
        return switch (r.verdict()) {
            case "fail" -> 0;
            case "unknown", "error" -> 1;
            default -> 2;
        };
    }

    public synchronized Document document(boolean interrupted) {
        Instant now = Instant.now();
        return new Document(
                started.toString(),
                now.toString(),
                format(Duration.between(started, now)),
                seed,
                timeScale,
                experiments,
                storeBugs,
                interrupted,
                runs.size(),
                (int) count("fail"),
                (int) (count("unknown") + count("error")),
                exitCode(),
                ordered());
    }

    public synchronized void write(Path dir, boolean interrupted) throws IOException {
        Files.createDirectories(dir);
        Document doc = document(interrupted);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), doc);
        Files.writeString(dir.resolve("summary.md"), markdown(doc));
    }

    static String markdown(Document doc) {
        StringBuilder md = new StringBuilder("# Nightly " + doc.started() + "\n\n");
        md.append(String.format(
                "%d runs in %s: %d failed, %d unknown or not run; exit code %d%s%n%n",
                doc.runs(),
                doc.elapsed(),
                doc.failed(),
                doc.unknown(),
                doc.exitCode(),
                doc.interrupted() ? " (interrupted)" : ""));
        md.append("Seed ")
                .append(doc.seed())
                .append(", time scale ")
                .append(doc.timeScale())
                .append(", experiments ")
                .append(String.join(", ", doc.experiments()));
        if (!doc.storeBugs().isEmpty()) {
            md.append(", store bugs on: ").append(String.join(", ", doc.storeBugs()));
        }
        md.append("\n\n| round | experiment | seed | verdict | why | run | shrunk |\n|---|---|---|---|---|---|---|\n");
        for (Run r : doc.results()) {
            md.append("| ")
                    .append(r.round())
                    .append(" | ")
                    .append(r.experiment())
                    .append(" | ")
                    .append(r.seed())
                    .append(" | ")
                    .append(r.verdict().toUpperCase())
                    .append(" | ")
                    .append(shortReasons(r.reasons()))
                    .append(" | ")
                    .append(r.runDirectory())
                    .append(" | ")
                    .append(
                            r.shrink() == null
                                    ? ""
                                    : r.shrink().faultsBefore() + " → "
                                            + r.shrink().faultsAfter()
                                            + " faults in " + r.shrink().runs() + " runs: "
                                            + r.shrink().minimalPlan()
                                            + (r.shrink().confirmed() == null
                                                    ? ""
                                                    : "; fails again "
                                                            + r.shrink().confirmed()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The table's "why": each reason cut at 160 characters (summary.json and the run's results.json have them whole). */
    private static String shortReasons(List<String> reasons) {
        return String.join(
                        "; ",
                        reasons.stream()
                                .map(r -> r.length() > 160 ? r.substring(0, 157) + "..." : r)
                                .toList())
                .replace("|", "\\|")
                .replace("\n", " ");
    }

    private static String format(Duration d) {
        return d.toHours() + "h" + String.format("%02dm%02ds", d.toMinutesPart(), d.toSecondsPart());
    }
}
