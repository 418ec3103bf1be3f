package dev.gameday.check;

import dev.gameday.experiment.Hypothesis;
import dev.gameday.history.Op;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.WindowStats;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything a {@link RunChecker} may judge: the recorded history and what else the run found out.
 *
 * @param history       every operation of history.edn, canary, nemesis and final reads
 * @param scrub         the scrub after healing, or null when the final reads or the scrub failed
 * @param faults        the faults as the nemesis ran them
 * @param runEnd        when the run ended (the schedule moved by waits for the steady state); a fault never
 *                      healed counts as active until then
 * @param hypothesis    the steady state the experiment expects (scaled like the rest of the run)
 * @param availabilityByAz the canary's windows per client AZ
 * @param stopReason    why a stop condition aborted the run, or null if it ran to the end
 * @param fatalLogLines lines of the containers' logs that show a process dying by itself
 */
public record RunFacts(
        List<Op> history,
        ScrubSummary scrub,
        List<ExecutedFault> faults,
        Duration runEnd,
        Hypothesis hypothesis,
        Map<String, List<WindowStats>> availabilityByAz,
        String stopReason,
        List<String> fatalLogLines) {

    public RunFacts {
        history = List.copyOf(history);
        faults = List.copyOf(faults);
        availabilityByAz = Collections.unmodifiableMap(availabilityByAz); // keeps the AZ order
        fatalLogLines = List.copyOf(fatalLogLines);
    }
}
