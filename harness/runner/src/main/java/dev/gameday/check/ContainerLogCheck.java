package dev.gameday.check;

import java.util.List;
import java.util.Map;

/** No process died by itself: any fatal line in the containers' logs ({@code FatalLogScan}) fails the run. */
public final class ContainerLogCheck implements RunChecker {
    public static final String NAME = "container-logs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) {
        List<String> lines = facts.fatalLogLines();
        List<String> failures = lines.isEmpty()
                ? List.of()
                : List.of("container logs: a process died by itself: " + lines.get(0)
                        + (lines.size() > 1 ? " (and more, see results.json fatalLogLines)" : ""));
        return new CheckResult(NAME, failures, List.of(), Map.of());
    }
}
