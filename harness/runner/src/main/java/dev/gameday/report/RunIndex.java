package dev.gameday.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The runs kept under a runs folder ({@code EXPERIMENT/TIMESTAMP/results.json}, as {@code ./gameday run} and the
 * JUnit suite write them), counted per experiment. A false alarm is a run of the correct system (no deliberate bug
 * switched on) that did not pass: the number that shows a gate losing its reliability before people learn to
 * rerun it.
 */
public final class RunIndex {

    /**
     * One kept run.
     *
     * @param deliberateBugs the bugs switched on; null when results.json predates the field (not counted either way)
     */
    public record Run(
            String experiment,
            Path dir,
            RunVerdict verdict,
            String firstReason,
            long seed,
            double timeScale,
            List<String> deliberateBugs) {

        public boolean falseAlarm() {
            return deliberateBugs != null && deliberateBugs.isEmpty() && verdict != RunVerdict.PASS;
        }
    }

    /** One experiment's runs: how many, by verdict, and the false alarms among them. */
    public record Tally(String experiment, int runs, int pass, int fail, int unknown, int falseAlarms) {}

    private RunIndex() {}

    /** Every results.json two levels below {@code root}, oldest first within an experiment. */
    public static List<Run> scan(Path root) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Run> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return runs;
        }
        try (Stream<Path> files = Files.find(
                root,
                3,
                (path, attributes) -> attributes.isRegularFile()
                        && path.getFileName().toString().equals("results.json"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode r = json.readTree(file.toFile());
                JsonNode reasons = r.path("reasons");
                JsonNode bugs = r.get("deliberateBugs");
                List<String> bugNames = bugs == null || !bugs.isArray()
                        ? null
                        : Stream.of(json.treeToValue(bugs, String[].class)).toList();
                String verdict = r.path("verdict").asText("unknown").toUpperCase(Locale.ROOT);
                runs.add(new Run(
                        r.path("experiment")
                                .asText(file.getParent()
                                        .getParent()
                                        .getFileName()
                                        .toString()),
                        file.getParent(),
                        RunVerdict.valueOf(verdict),
                        reasons.isArray() && !reasons.isEmpty() ? reasons.get(0).asText() : "",
                        r.path("seed").asLong(),
                        r.path("timeScale").asDouble(),
                        bugNames));
            }
        }
        runs.sort(Comparator.comparing(Run::experiment).thenComparing(Run::dir));
        return runs;
    }

    public static List<Tally> tally(List<Run> runs) {
        Map<String, List<Run>> byExperiment =
                runs.stream().collect(Collectors.groupingBy(Run::experiment, TreeMap::new, Collectors.toList()));
        List<Tally> tallies = new ArrayList<>();
        byExperiment.forEach((experiment, kept) -> tallies.add(new Tally(
                experiment,
                kept.size(),
                count(kept, RunVerdict.PASS),
                count(kept, RunVerdict.FAIL),
                count(kept, RunVerdict.UNKNOWN),
                (int) kept.stream().filter(Run::falseAlarm).count())));
        return tallies;
    }

    private static int count(List<Run> runs, RunVerdict verdict) {
        return (int) runs.stream().filter(r -> r.verdict() == verdict).count();
    }
}
