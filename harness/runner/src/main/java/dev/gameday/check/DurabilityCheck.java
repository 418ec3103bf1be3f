package dev.gameday.check;

import dev.gameday.canary.UniqueWrites;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.durability.DurabilityChecker;
import dev.gameday.checker.durability.DurabilityResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** No acknowledged unique write is lost: the durability checker on the unique writes and the final reads. */
public final class DurabilityCheck implements RunChecker {
    public static final String NAME = "durability";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) throws Exception {
        DurabilityResult result = new DurabilityChecker().check(UniqueWrites.of(facts.history()));
        List<String> failures = new ArrayList<>();
        List<String> doubts = new ArrayList<>();
        if (result.verdict() == Verdict.INVALID) {
            failures.add(NAME + ": " + count(result.lost()) + " acknowledged write(s) lost, "
                    + count(result.unexpected()) + " unexpected value(s) read");
        } else if (result.verdict() == Verdict.UNKNOWN) {
            doubts.add(NAME + ": unknown (" + result.reason() + ")");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("acknowledgedWrites", result.acknowledgedWrites());
        details.put("lostWrites", result.lost() == null ? List.of() : result.lost());
        return new CheckResult(NAME, failures, doubts, details);
    }

    private static int count(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
