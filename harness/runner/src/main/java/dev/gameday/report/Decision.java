package dev.gameday.report;

import dev.gameday.check.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's verdict with its reasons, folded from every check's result: FAIL when any check failed, otherwise
 * UNKNOWN when any had doubts (a checker that gave up or did not run, no scrub report, a fault that did not run
 * as planned), PASS only when every check positively passed. The reasons are every failure, then every doubt,
 * each group in the order of the checks.
 */
public record Decision(RunVerdict verdict, List<String> reasons) {

    public Decision {
        reasons = List.copyOf(reasons);
    }

    public static Decision fold(List<CheckResult> checks) {
        List<String> reasons = new ArrayList<>();
        checks.forEach(check -> reasons.addAll(check.failures()));
        checks.forEach(check -> reasons.addAll(check.doubts()));
        RunVerdict verdict = checks.stream().anyMatch(c -> c.verdict() == RunVerdict.FAIL)
                ? RunVerdict.FAIL
                : checks.stream().anyMatch(c -> c.verdict() == RunVerdict.UNKNOWN)
                        ? RunVerdict.UNKNOWN
                        : RunVerdict.PASS;
        return new Decision(verdict, reasons);
    }
}
