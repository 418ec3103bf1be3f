package dev.gameday.check;

import dev.gameday.checker.linearizability.Models;
import dev.gameday.checker.linearizability.SearchBudget;
import dev.gameday.experiment.CheckerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Which checkers judge a run: those its experiment names in {@code checkers:} (by default
 * {@link CheckerSpec#DEFAULT}), then those that judge what every experiment declares or the run itself.
 */
public final class Checkers {

    /**
     * A checker an experiment can name. {@code create} gets the entry as written and the linearizability search's
     * budget (the only checker with a limit the harness sets).
     */
    record Registration(String name, boolean takesModel, BiFunction<CheckerSpec, SearchBudget, RunChecker> create) {}

    /** One line per checker an experiment can name in {@code checkers:}. */
    static final List<Registration> REGISTERED = List.of(
            new Registration(DurabilityCheck.NAME, false, (spec, budget) -> new DurabilityCheck()),
            new Registration(
                    LinearizabilityCheck.NAME,
                    true,
                    (spec, budget) -> new LinearizabilityCheck(
                            spec.model() != null ? spec.model() : LinearizabilityCheck.DEFAULT_MODEL, budget)),
            new Registration(ScrubCheck.NAME, false, (spec, budget) -> new ScrubCheck()));

    public static final List<String> NAMES =
            REGISTERED.stream().map(Registration::name).toList();

    /** Name of the result that reports the harness's own problems (a checker that threw, final reads that failed). */
    public static final String RUN = "run";

    private Checkers() {}

    /**
     * The checkers for one run: the experiment's, in the order written, then the steady state, stop conditions,
     * fault execution and container logs. Those four are not listed in {@code checkers:}: the first two judge
     * what the experiment declares in {@code hypothesis:} and {@code stopConditions:}, the others whether the run
     * itself went as planned; switching them off would let a broken run pass.
     */
    public static List<RunChecker> forRun(List<CheckerSpec> chosen, SearchBudget linearizabilityBudget) {
        List<RunChecker> checkers = new ArrayList<>();
        for (CheckerSpec spec : chosen) {
            checkers.add(registration(spec.name()).create().apply(spec, linearizabilityBudget));
        }
        checkers.add(new SteadyStateCheck());
        checkers.add(new StopConditionCheck());
        checkers.add(new FaultExecutionCheck());
        checkers.add(new ContainerLogCheck());
        return checkers;
    }

    /** What is wrong with an entry of {@code checkers:}, or null; the message names the known choices. */
    public static String problemWith(CheckerSpec spec) {
        if (!NAMES.contains(spec.name())) {
            return "unknown checker '" + spec.name() + "'; known checkers: " + String.join(", ", NAMES);
        }
        if (spec.model() != null && !registration(spec.name()).takesModel()) {
            return "checker " + spec.name() + " takes no model";
        }
        if (spec.model() != null && !Models.NAMES.contains(spec.model())) {
            return "unknown model '" + spec.model() + "'; known models: " + String.join(", ", Models.NAMES);
        }
        return null;
    }

    /**
     * Runs every checker on the facts, in order, and adds a last result, {@link #RUN}, with the run's problems as
     * doubts. A checker that throws is not checked (unknown) and its exception becomes one of those problems.
     */
    public static List<CheckResult> judge(List<RunChecker> checkers, RunFacts facts, List<String> problems) {
        List<String> runProblems = new ArrayList<>(problems);
        List<CheckResult> results = new ArrayList<>();
        for (RunChecker checker : checkers) {
            try {
                results.add(checker.check(facts));
            } catch (Exception e) {
                runProblems.add(checker.name() + " check failed: " + e.getMessage());
                results.add(CheckResult.notChecked(checker.name()));
            }
        }
        results.add(new CheckResult(
                RUN, List.of(), runProblems.stream().map(p -> RUN + ": " + p).toList(), Map.of()));
        return results;
    }

    private static Registration registration(String name) {
        return REGISTERED.stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown checker '" + name + "'"));
    }
}
