package dev.gameday.report;

import dev.gameday.checker.durability.DurabilityResult;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import dev.gameday.nemesis.ExecutedFault;
import java.util.List;

/**
 * Everything the verdict depends on. A null result means that stage did not run (or crashed),
 * which can never make a run pass.
 *
 * @param stopReason why a stop condition aborted the run, or null if it ran to the end
 * @param problems   what went wrong running the experiment itself (a checker crashed, the final
 *                   reads failed, a canary loop hit a bug); each makes the verdict at best unknown
 * @param fatalLogLines lines of the containers' logs that show a process dying by itself (see
 *                      {@link FatalLogScan}); any fails the run
 */
public record VerdictInputs(DurabilityResult durability, LinearizabilityResult linearizability, ScrubReport scrub,
                            HypothesisResult hypothesis, String stopReason, List<ExecutedFault> faults,
                            List<String> problems, List<String> fatalLogLines) {

    public VerdictInputs {
        faults = faults == null ? List.of() : List.copyOf(faults);
        problems = problems == null ? List.of() : List.copyOf(problems);
        fatalLogLines = fatalLogLines == null ? List.of() : List.copyOf(fatalLogLines);
    }
}
