package dev.gameday.check;

import dev.gameday.experiment.DurationText;
import dev.gameday.nemesis.ExecutedFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every fault ran as planned, each after the cluster was whole again. A fault that did not run leaves the
 * experiment's question open (unknown); a cluster that never became whole before the next fault fails it.
 * Always on: it judges the harness's part of the run, not a property an experiment may opt out of.
 */
public final class FaultExecutionCheck implements RunChecker {
    public static final String NAME = "faults";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) {
        List<String> failures = new ArrayList<>();
        List<String> doubts = new ArrayList<>();
        for (ExecutedFault f : facts.faults()) {
            if (f.steadyStateNotRestored()) {
                failures.add("steady state: not restored within " + DurationText.format(f.steadyStateWait())
                        + " before fault #" + f.planned().id() + " "
                        + f.planned().type()
                        + " (" + f.steadyStateMissing() + ")");
            } else if (!f.completed()) {
                doubts.add("fault #" + f.planned().id() + " " + f.planned().type() + ": "
                        + (f.error() != null ? f.error() : "did not run as planned"));
            }
        }
        return new CheckResult(NAME, failures, doubts, Map.of());
    }
}
