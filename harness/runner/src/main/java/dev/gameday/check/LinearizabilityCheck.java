package dev.gameday.check;

import dev.gameday.checker.Verdict;
import dev.gameday.checker.linearizability.LinearizabilityChecker;
import dev.gameday.checker.linearizability.LinearizabilityResult;
import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.report.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every key's history is linearizable under one model (cas-register for the canary's registers). */
public final class LinearizabilityCheck implements RunChecker {
    public static final String NAME = "linearizability";
    public static final String DEFAULT_MODEL = "cas-register";

    private final String model;
    private final SearchBudget budget;

    /** @param model one of {@link Models#NAMES} */
    public LinearizabilityCheck(String model, SearchBudget budget) {
        Models.byName(model); // an unknown name fails here, not after the run
        this.model = model;
        this.budget = budget;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(RunFacts facts) throws Exception {
        LinearizabilityResult result = new LinearizabilityChecker(Models.byName(model), budget).check(facts.history());
        List<String> failures = new ArrayList<>();
        List<String> doubts = new ArrayList<>();
        if (result.verdict() == Verdict.INVALID) {
            String key = result.counterexample() == null
                    ? "?"
                    : result.counterexample().key();
            failures.add(NAME + ": key " + key + " is not linearizable");
        } else if (result.verdict() == Verdict.UNKNOWN) {
            doubts.add(NAME + ": unknown " + result.unknownReasons());
        }
        return new CheckResult(
                NAME,
                failures,
                doubts,
                Map.of("linearizability", new Results.Linearizability(result.verdict(), result.counterexample())));
    }
}
