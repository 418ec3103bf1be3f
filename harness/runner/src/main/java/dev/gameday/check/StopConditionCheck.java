package dev.gameday.check;

import java.util.List;
import java.util.Map;

/**
 * No stop condition fired. The conditions watch the run live and abort it ({@code StopConditionMonitor}); this
 * checker only turns the abort into the verdict, so that an aborted run fails by the same fold as any other
 * finding instead of by a slot of its own. Always on: an experiment without stop conditions never aborts.
 */
public final class StopConditionCheck implements RunChecker {
    public static final String NAME = "stop-conditions";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) {
        List<String> failures = facts.stopReason() == null ? List.of() : List.of("aborted: " + facts.stopReason());
        return new CheckResult(NAME, failures, List.of(), Map.of());
    }
}
