package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gameday.check.CheckResult;
import dev.gameday.check.RunFacts;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.LostWrite;
import dev.gameday.checker.linearizability.Counterexample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * results.json. These field names are the stable interface for CI and dashboards: add fields,
 * never rename or remove them. A field whose stage did not run is null. Offsets and durations are
 * seconds since the run start; latencies are milliseconds.
 *
 * @param availability  AZ -> endpoint -> windows
 * @param fatalLogLines container log lines that show a process dying by itself ({@code file:line: text})
 * @param deliberateBugs bugs switched on in the system under test; empty: the correct system, where any
 *                       verdict but pass is a false alarm
 * @param checks        each check's own verdict and reasons, in the order they ran; the fields above that
 *                      a check fills ({@code lostWrites}, {@code scrub}, ...) are null when it did not run
 */
@JsonPropertyOrder({
    "experiment",
    "verdict",
    "reasons",
    "seed",
    "timeScale",
    "acknowledgedWrites",
    "lostWrites",
    "linearizability",
    "scrub",
    "hypothesis",
    "availability",
    "alarms",
    "faults",
    "fatalLogLines",
    "deliberateBugs",
    "checks"
})
public record Results(
        String experiment,
        RunVerdict verdict,
        List<String> reasons,
        long seed,
        double timeScale,
        Integer acknowledgedWrites,
        List<LostWrite> lostWrites,
        Linearizability linearizability,
        ScrubSummary scrub,
        HypothesisResult hypothesis,
        Map<String, Map<String, List<WindowStats>>> availability,
        List<Alarm> alarms,
        List<FaultReport> faults,
        List<String> fatalLogLines,
        List<String> deliberateBugs,
        List<Check> checks) {

    /** The linearizability verdict (valid, invalid, unknown) and, when invalid, why. */
    public record Linearizability(Verdict verdict, Counterexample counterexample) {}

    /** The fields of results.json that checks fill from their details. */
    private static final Set<String> CHECK_FIELDS =
            Set.of("acknowledgedWrites", "lostWrites", "linearizability", "scrub", "hypothesis");

    /** One check's verdict, as listed in results.json's {@code checks}. */
    public record Check(String name, RunVerdict verdict, List<String> reasons) {}

    /** The verdict is folded from {@code checks}; their details fill the fields named after them. */
    public static Results of(
            String experiment,
            long seed,
            double timeScale,
            RunFacts facts,
            List<CheckResult> checks,
            Map<Series, List<WindowStats>> availability,
            List<Alarm> alarms,
            List<String> deliberateBugs) {
        Map<String, Map<String, List<WindowStats>>> byAzAndEndpoint = new TreeMap<>();
        availability.forEach((series, windows) -> byAzAndEndpoint
                .computeIfAbsent(series.az(), az -> new TreeMap<>())
                .put(series.endpoint(), windows));
        Map<String, Object> details = new HashMap<>();
        for (CheckResult check : checks) {
            check.details().forEach((field, value) -> {
                if (!CHECK_FIELDS.contains(field)) {
                    // Not silently dropped: a new checker's field needs a component here to reach results.json.
                    throw new IllegalStateException("check " + check.name() + " fills results.json's " + field
                            + ", which Results does not have");
                }
                if (details.containsKey(field)) {
                    throw new IllegalStateException(
                            "two checks fill results.json's " + field + "; the second is " + check.name());
                }
                details.put(field, value);
            });
        }
        Decision decision = Decision.fold(checks);
        @SuppressWarnings("unchecked")
        List<LostWrite> lostWrites = (List<LostWrite>) details.get("lostWrites");
        return new Results(
                experiment,
                decision.verdict(),
                decision.reasons(),
                seed,
                timeScale,
                (Integer) details.get("acknowledgedWrites"),
                lostWrites,
                (Linearizability) details.get("linearizability"),
                (ScrubSummary) details.get("scrub"),
                (HypothesisResult) details.get("hypothesis"),
                byAzAndEndpoint,
                alarms,
                facts.faults().stream().map(FaultReport::of).toList(),
                facts.fatalLogLines(),
                List.copyOf(deliberateBugs),
                checks.stream()
                        .map(c -> new Check(c.name(), c.verdict(), c.reasons()))
                        .toList());
    }
}
