package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.LostWrite;
import dev.gameday.checker.linearizability.Counterexample;
import java.util.List;
import java.util.Map;
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
 */
@JsonPropertyOrder({"experiment", "verdict", "reasons", "seed", "timeScale", "acknowledgedWrites", "lostWrites",
        "linearizability", "scrub", "hypothesis", "availability", "alarms", "faults", "fatalLogLines",
        "deliberateBugs"})
public record Results(String experiment, RunVerdict verdict, List<String> reasons, long seed, double timeScale,
                      Integer acknowledgedWrites, List<LostWrite> lostWrites, Linearizability linearizability,
                      ScrubReport scrub, HypothesisResult hypothesis,
                      Map<String, Map<String, List<WindowStats>>> availability, List<Alarm> alarms,
                      List<FaultReport> faults, List<String> fatalLogLines, List<String> deliberateBugs) {

    /** The linearizability verdict (valid, invalid, unknown) and, when invalid, why. */
    public record Linearizability(Verdict verdict, Counterexample counterexample) {
    }

    public static Results of(String experiment, long seed, double timeScale, VerdictInputs in, Decision decision,
                             Map<Series, List<WindowStats>> availability, List<Alarm> alarms,
                             List<String> deliberateBugs) {
        Map<String, Map<String, List<WindowStats>>> byAzAndEndpoint = new TreeMap<>();
        availability.forEach((series, windows) ->
                byAzAndEndpoint.computeIfAbsent(series.az(), az -> new TreeMap<>()).put(series.endpoint(), windows));
        return new Results(experiment, decision.verdict(), decision.reasons(), seed, timeScale,
                in.durability() == null ? null : in.durability().acknowledgedWrites(),
                in.durability() == null ? null : (in.durability().lost() == null ? List.of() : in.durability().lost()),
                in.linearizability() == null ? null
                        : new Linearizability(in.linearizability().verdict(), in.linearizability().counterexample()),
                in.scrub(), in.hypothesis(), byAzAndEndpoint, alarms,
                in.faults().stream().map(FaultReport::of).toList(), in.fatalLogLines(), List.copyOf(deliberateBugs));
    }
}
