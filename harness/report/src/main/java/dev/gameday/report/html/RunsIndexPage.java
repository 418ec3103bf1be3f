package dev.gameday.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.report.RunIndex;
import dev.gameday.report.RunVerdict;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * index.html in a runs folder ({@code target/gameday}): every kept run that {@link RunIndex} finds, with a link to
 * its report.html, and per experiment a trend over its runs (pass rate, worst p99, slowest recovery). An experiment
 * is flaky when runs of the correct store (no deliberate bug) both passed and failed.
 */
public final class RunsIndexPage {
    public static final String FILE_NAME = "index.html";

    private RunsIndexPage() {}

    /**
     * One run's row.
     *
     * @param report report.html relative to the index; null when the run has none yet
     * @param p99Ms the worst p99 latency of any availability window of the run
     * @param recoverySeconds the slowest recovery after a fault; null without one
     * @param storeBugs null when results.json predates the field
     */
    public record RunRow(
            String experiment,
            String runId,
            String startedAt,
            String verdict,
            String firstReason,
            long seed,
            double timeScale,
            Double durationSeconds,
            Integer acknowledgedWrites,
            Integer lostWrites,
            Double p99Ms,
            Double recoverySeconds,
            List<String> storeBugs,
            String report) {}

    /** @param flaky runs of the correct store both passed and failed */
    public record ExperimentRow(
            String experiment, int runs, int pass, int fail, int unknown, int falseAlarms, boolean flaky) {}

    public record IndexData(String root, List<ExperimentRow> experiments, List<RunRow> runs) {}

    /** Writes {@code ROOT/index.html}; returns its path. */
    public static Path write(Path root) throws IOException {
        Files.createDirectories(root);
        return HtmlPage.write(root.resolve(FILE_NAME), "index-template.html", "Gameday runs", read(root));
    }

    public static IndexData read(Path root) throws IOException {
        List<RunIndex.Run> runs = RunIndex.scan(root);
        ObjectMapper json = new ObjectMapper();
        List<RunRow> rows = new ArrayList<>();
        for (RunIndex.Run run : runs) {
            rows.add(row(
                    root, run, json.readTree(run.dir().resolve("results.json").toFile())));
        }
        List<ExperimentRow> experiments = new ArrayList<>();
        for (RunIndex.Tally t : RunIndex.tally(runs)) {
            List<RunIndex.Run> correctStore = runs.stream()
                    .filter(r -> r.experiment().equals(t.experiment())
                            && r.deliberateBugs() != null
                            && r.deliberateBugs().isEmpty())
                    .toList();
            boolean passed = correctStore.stream().anyMatch(r -> r.verdict() == RunVerdict.PASS);
            boolean failed = correctStore.stream().anyMatch(r -> r.verdict() == RunVerdict.FAIL);
            experiments.add(new ExperimentRow(
                    t.experiment(), t.runs(), t.pass(), t.fail(), t.unknown(), t.falseAlarms(), passed && failed));
        }
        return new IndexData(root.toAbsolutePath().normalize().toString(), experiments, rows);
    }

    private static RunRow row(Path root, RunIndex.Run run, JsonNode results) {
        double end = 0;
        double p99 = -1;
        for (JsonNode endpoints : results.path("availability")) {
            for (JsonNode windows : endpoints) {
                for (JsonNode w : windows) {
                    end = Math.max(end, w.path("end").asDouble());
                    if (w.path("requests").asLong() > 0) {
                        p99 = Math.max(p99, w.path("p99Ms").asDouble());
                    }
                }
            }
        }
        Double recovery = null;
        for (JsonNode r : results.path("hypothesis").path("recoveries")) {
            if (r.hasNonNull("took")) {
                recovery =
                        Math.max(recovery == null ? 0 : recovery, r.get("took").asDouble());
            }
        }
        String runId = run.dir().getFileName().toString();
        Path report = run.dir().resolve(RunReport.FILE_NAME);
        String href = Files.isRegularFile(report) ? relativeLink(root, report) : null;
        JsonNode lost = results.get("lostWrites");
        return new RunRow(
                run.experiment(),
                runId,
                RunReport.startedAt(runId),
                run.verdict().jsonName(),
                run.firstReason(),
                run.seed(),
                run.timeScale(),
                end > 0 ? end : null,
                results.hasNonNull("acknowledgedWrites")
                        ? results.get("acknowledgedWrites").asInt()
                        : null,
                lost != null && lost.isArray() ? lost.size() : null,
                p99 >= 0 ? p99 : null,
                recovery,
                run.deliberateBugs(),
                href);
    }

    private static String relativeLink(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        root.toAbsolutePath()
                .normalize()
                .relativize(file.toAbsolutePath().normalize())
                .forEach(p -> parts.add(
                        URLEncoder.encode(p.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
        return String.join("/", parts);
    }
}
