package dev.gameday.check;

import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.FaultWindow;
import dev.gameday.report.HypothesisCheck;
import dev.gameday.report.HypothesisResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The experiment's steady-state hypothesis held: good success ratios outside faults, recovery within the
 * allowance after each (see {@link HypothesisCheck}). A checker like the others because it judges the finished
 * run from its records (the availability windows and when faults really ran), and its result folds into the
 * verdict the same way; it is always on, since the hypothesis is a required part of every experiment.
 */
public final class SteadyStateCheck implements RunChecker {
    public static final String NAME = "steady-state";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) {
        HypothesisResult result = HypothesisCheck.evaluate(
                facts.hypothesis(),
                facts.availabilityByAz(),
                faultWindows(facts.faults(), facts.runEnd()),
                facts.history());
        List<String> v = result.violations();
        List<String> failures = result.held()
                ? List.of()
                : List.of("steady state: " + v.get(0) + (v.size() > 1 ? " (and " + (v.size() - 1) + " more)" : ""));
        return new CheckResult(NAME, failures, List.of(), Map.of("hypothesis", result));
    }

    /** Fault windows as they really were; a fault never healed counts as active until the end of the run. */
    static List<FaultWindow> faultWindows(List<ExecutedFault> executed, Duration runEnd) {
        return executed.stream()
                .filter(f -> f.startedAt() != null)
                .map(f ->
                        new FaultWindow(f.planned().id(), f.startedAt(), f.healedAt() != null ? f.healedAt() : runEnd))
                .toList();
    }
}
