package dev.gameday.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.gameday.history.HistoryReader;
import dev.gameday.history.Op;
import dev.gameday.report.html.ReportData.AlarmView;
import dev.gameday.report.html.ReportData.CorruptionVerdictView;
import dev.gameday.report.html.ReportData.CorruptionView;
import dev.gameday.report.html.ReportData.FaultView;
import dev.gameday.report.html.ReportData.Header;
import dev.gameday.report.html.ReportData.RunFile;
import dev.gameday.report.html.ReportData.ScrubView;
import dev.gameday.report.html.ReportData.Timeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * report.html for one run directory: reads results.json, history.edn and nemesis.log (whichever exist), turns them
 * into {@link ReportData} and writes one self-contained page beside them. Only reads the run's files, so it can be
 * (re)made at any time after the run.
 */
public final class RunReport {
    public static final String FILE_NAME = "report.html";
    /** A one-hour run gets 2 s buckets where nothing happens; shorter runs keep 1 s everywhere. */
    static final int MAX_BUCKETS = 1800;

    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunReport() {}

    /** Writes {@code RUN_DIR/report.html}; returns its path. */
    public static Path write(Path runDir) throws IOException {
        ReportData data = read(runDir);
        return HtmlPage.write(
                runDir.resolve(FILE_NAME),
                "report-template.html",
                "Gameday: " + data.header().experiment() + " " + data.header().runId(),
                data);
    }

    /** What the page will show, from the run directory's files. */
    public static ReportData read(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new IOException("not a run directory: " + runDir);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        Path resultsFile = runDir.resolve("results.json");
        JsonNode results = MissingNode.getInstance();
        if (Files.isRegularFile(resultsFile)) {
            results = json.readTree(resultsFile.toFile());
        } else {
            problems.add("no results.json: the run did not finish; verdict, faults and checkers are missing");
        }
        List<Op> history = List.of();
        Path historyFile = runDir.resolve("history.edn");
        if (Files.isRegularFile(historyFile)) {
            try {
                history = HistoryReader.read(historyFile);
            } catch (IOException | RuntimeException e) {
                problems.add("history.edn could not be read: " + e.getMessage());
            }
        } else {
            problems.add("no history.edn: no traffic to chart");
        }
        Path nemesisFile = runDir.resolve("nemesis.log");
        List<NemesisLogEvents.Event> events = Files.isRegularFile(nemesisFile)
                ? NemesisLogEvents.parse(Files.readAllLines(nemesisFile, StandardCharsets.UTF_8))
                : List.of();

        double historyEnd = history.stream().mapToLong(Op::timeNanos).max().orElse(0) / 1e9;
        double runEnd = Math.max(historyEnd, lastWindowEnd(results));
        FaultTimeline faults = FaultTimeline.of(events, results.path("faults"), runEnd);
        List<Double> edges = new ArrayList<>();
        for (FaultView f : faults.faults()) {
            edges.add(f.start());
            edges.add(f.end());
        }
        faults.stops().forEach(s -> edges.add(s.at()));
        Timeline timeline = LatencyBuckets.of(history, edges, MAX_BUCKETS);

        return new ReportData(
                header(runDir, results, runEnd),
                timeline,
                faults.faults(),
                alarms(results),
                faults.stops(),
                faults.rows(),
                LostWriteStories.of(results.get("lostWrites")),
                CounterexampleLanes.of(results.path("linearizability").get("counterexample"), history),
                scrub(results, faults.faults()),
                files(runDir),
                problems,
                journal(events));
    }

    /** The console's lines of nemesis.log: what operators did and wrote, in time order. */
    private static List<ReportData.JournalEntry> journal(List<NemesisLogEvents.Event> events) {
        return events.stream()
                .filter(e -> e.faultId() == null
                        && (e.kind().equals("OPERATOR") || e.kind().equals("NOTE")))
                .map(e -> new ReportData.JournalEntry(e.at(), e.kind() + " " + e.text()))
                .toList();
    }

    private static Header header(Path runDir, JsonNode results, double duration) {
        String runId = runDir.toAbsolutePath().normalize().getFileName().toString();
        String experiment = results.path("experiment")
                .asText(runDir.toAbsolutePath()
                        .normalize()
                        .getParent()
                        .getFileName()
                        .toString());
        List<String> bugs = results.has("deliberateBugs") ? FaultTimeline.texts(results.get("deliberateBugs")) : null;
        JsonNode lost = results.get("lostWrites");
        return new Header(
                experiment,
                runId,
                results.path("verdict").asText("unknown"),
                FaultTimeline.texts(results.path("reasons")),
                results.path("seed").asLong(),
                results.path("timeScale").asDouble(1),
                startedAt(runId),
                LatencyBuckets.round(duration, 1000),
                reproduceCommand(
                        experiment,
                        results.path("seed").asLong(),
                        results.path("timeScale").asDouble(1),
                        bugs == null ? List.of() : bugs),
                bugs,
                results.hasNonNull("acknowledgedWrites")
                        ? results.get("acknowledgedWrites").asInt()
                        : null,
                lost != null && lost.isArray() ? lost.size() : null,
                results.path("linearizability").path("verdict").asText(null));
    }

    /**
     * The experiment's name is its file's name under experiments/ (the loader's rule for files without a
     * {@code name}); the store bugs are recorded as switch names (ackBeforeQuorum) and passed as ack-before-quorum.
     */
    static String reproduceCommand(String experiment, long seed, double timeScale, List<String> bugs) {
        StringBuilder command = new StringBuilder("./gameday run experiments/")
                .append(experiment)
                .append(".yaml")
                .append(" --seed ")
                .append(seed)
                .append(" --time-scale ")
                .append(timeScale);
        for (String bug : bugs) {
            command.append(" --store-bug ")
                    .append(bug.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        }
        return command.toString();
    }

    /** The run directory's name is its start (UTC); a second run in the same second has a {@code -2} suffix. */
    static String startedAt(String runId) {
        try {
            return Instant.from(RUN_ID.parse(runId.replaceFirst("-\\d+$", ""))).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double lastWindowEnd(JsonNode results) {
        double end = 0;
        for (JsonNode endpoints : results.path("availability")) {
            for (JsonNode windows : endpoints) {
                for (JsonNode w : windows) {
                    end = Math.max(end, w.path("end").asDouble());
                }
            }
        }
        return end;
    }

    private static List<AlarmView> alarms(JsonNode results) {
        List<AlarmView> alarms = new ArrayList<>();
        for (JsonNode a : results.path("alarms")) {
            alarms.add(new AlarmView(
                    a.path("az").asText(),
                    a.path("endpoint").asText(),
                    a.path("breachStart").asDouble(),
                    a.path("raisedAt").asDouble(),
                    a.hasNonNull("clearedAt") ? a.get("clearedAt").asDouble() : null,
                    a.path("worstErrorRatio").asDouble()));
        }
        return alarms;
    }

    private static ScrubView scrub(JsonNode results, List<FaultView> faults) {
        JsonNode s = results.get("scrub");
        if (s == null || !s.isObject()) {
            return null;
        }
        List<CorruptionView> corruptions = faults.stream()
                .filter(f -> f.type().equals("corrupt"))
                .map(f -> new CorruptionView(f.id(), f.what(), f.target(), f.nodes(), f.changes(), f.start()))
                .toList();
        List<CorruptionVerdictView> verdicts = new ArrayList<>();
        for (JsonNode v : s.path("corruptions")) {
            verdicts.add(new CorruptionVerdictView(
                    v.path("faultId").asInt(),
                    v.path("change").asText(),
                    v.path("group").asText(),
                    v.hasNonNull("node") ? v.get("node").asText() : null,
                    v.path("detected").asBoolean(),
                    v.path("repaired").asBoolean()));
        }
        return new ScrubView(
                s.path("groupsChecked").asLong(),
                s.path("mismatches").asLong(),
                s.path("corruptionsInjected").asLong(),
                s.path("corruptionsDetected").asLong(),
                s.path("repaired").asLong(),
                s.path("clean").asBoolean(),
                FaultTimeline.texts(s.path("problems")),
                corruptions,
                verdicts,
                FaultTimeline.texts(s.path("unexplained")));
    }

    /** The run's own files (logs, history, results), for relative links; the report itself and data/ are not. */
    private static List<RunFile> files(Path runDir) throws IOException {
        try (Stream<Path> entries = Files.list(runDir)) {
            List<RunFile> files = new ArrayList<>();
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && !name.equals(FILE_NAME) && !name.endsWith(".tmp")) {
                    files.add(new RunFile(name, Files.size(p)));
                }
            }
            return files;
        }
    }
}
