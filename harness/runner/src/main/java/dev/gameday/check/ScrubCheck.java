package dev.gameday.check;

import dev.gameday.report.ScrubSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's scrub found and repaired every corruption the nemesis injected, and ends clean. For a system that
 * leaves repairs to its operator ({@link ScrubSummary#detectOnly()}, etcd) the scrub must have found every one, and
 * nothing else may be wrong. A storage incident no injected fault explains fails the run even when the system
 * repaired it: its replicas diverged by themselves.
 */
public final class ScrubCheck implements RunChecker {
    public static final String NAME = "scrub";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) {
        ScrubSummary s = facts.scrub();
        if (s == null) {
            return new CheckResult(NAME, List.of(), List.of(NAME + ": no report"), Map.of());
        }
        List<String> failures = new ArrayList<>();
        if (s.corruptionsDetected() < s.corruptionsInjected()) {
            failures.add(NAME + ": detected " + s.corruptionsDetected() + " of " + s.corruptionsInjected()
                    + " injected corruption(s)");
        }
        // A detect-only system's unrepaired members are in results.json (scrub.repaired, scrub.problems), not a
        // failure.
        if (s.repaired() < s.corruptionsInjected() && !s.detectOnly()) {
            failures.add(
                    NAME + ": repaired " + s.repaired() + " of " + s.corruptionsInjected() + " injected corruption(s)");
        }
        if (!s.clean()) {
            failures.add(NAME
                    + (s.detectOnly() ? ": wrong beyond the corruptions detected: " : ": not clean after repair: ")
                    + String.join("; ", s.problems()));
        }
        if (!s.unexplained().isEmpty()) {
            failures.add(NAME + ": " + s.unexplained().size() + " storage incident(s) that no injected fault explains: "
                    + String.join("; ", s.unexplained()));
        }
        return new CheckResult(NAME, failures, List.of(), Map.of("scrub", s));
    }
}
