package dev.gameday.check;

import dev.gameday.report.RunVerdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link RunChecker} concluded.
 *
 * @param failures reasons the run fails, one line each, prefixed with what was checked
 * @param doubts   reasons the checker cannot be sure (it gave up, an input is missing); kept apart from the
 *                 failures because the run's reasons list every failure of every check before any doubt
 * @param details  values for results.json, by field name ({@code lostWrites}, {@code scrub}, ...): a check
 *                 fills the same fields the run wrote before there were checkers, so readers see no change
 */
public record CheckResult(String name, List<String> failures, List<String> doubts, Map<String, Object> details) {

    public CheckResult {
        failures = List.copyOf(failures);
        doubts = List.copyOf(doubts);
        // Values may be null (a field whose part did not run); Map.copyOf would reject them.
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The checker could not run at all (it threw): unknown, and no results.json fields of its own. */
    public static CheckResult notChecked(String name) {
        return new CheckResult(name, List.of(), List.of(name + ": not checked"), Map.of());
    }

    /** FAIL beats UNKNOWN beats PASS. */
    public RunVerdict verdict() {
        return !failures.isEmpty() ? RunVerdict.FAIL : !doubts.isEmpty() ? RunVerdict.UNKNOWN : RunVerdict.PASS;
    }

    /** Failures, then doubts. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>(failures);
        reasons.addAll(doubts);
        return reasons;
    }
}
