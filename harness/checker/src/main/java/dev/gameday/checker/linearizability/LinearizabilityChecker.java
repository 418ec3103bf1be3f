package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a history is linearizable with respect to a {@link Model}, one key at a time: a
 * history is linearizable iff each key's sub-history is (P-compositionality, Herlihy &amp; Wing), and
 * small searches are exponentially cheaper than one big one.
 *
 * <p>Before the search, :fail operations are removed (they did not happen) and so are reads whose
 * outcome is unknown (they change nothing and returned nothing known). Writes with unknown outcome
 * stay, free to take effect at any time after their invocation or never. Final reads
 * ({@code :f :final-read}) are left to the durability checker.
 */
public final class LinearizabilityChecker {
    private static final String FINAL_READ = "final-read";
    private final Model model;
    private final SearchBudget budget;
    private final boolean memoise;

    public LinearizabilityChecker(Model model, SearchBudget budget) {
        this(model, budget, true);
    }

    private LinearizabilityChecker(Model model, SearchBudget budget, boolean memoise) {
        this.model = model;
        this.budget = budget;
        this.memoise = memoise;
    }

    /**
     * Plain Wing &amp; Gong backtracking, without the memo of visited configurations: exponentially
     * slower on histories it must refute. Only the benchmark uses it, as the baseline.
     */
    public static LinearizabilityChecker withoutMemo(Model model, SearchBudget budget) {
        return new LinearizabilityChecker(model, budget, false);
    }

    public LinearizabilityResult check(List<Op> history) throws InvalidHistoryException {
        return checkOperations(OperationPairing.pair(history));
    }

    public LinearizabilityResult checkOperations(List<Operation> operations) throws InvalidHistoryException {
        long deadline = System.nanoTime() + budget.timeLimit().toNanos();
        Map<String, List<Operation>> byKey = partitionByKey(operations);
        int checked = byKey.values().stream().mapToInt(List::size).sum();
        List<String> unknownReasons = new ArrayList<>();
        long visited = 0;
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            KeyResult result = new KeySearch(key.getKey(), key.getValue(), model, deadline, budget.maxMemoryBytes(), memoise).run();
            visited += result.configurationsVisited();
            if (result.verdict() == Verdict.INVALID) {
                return new LinearizabilityResult(Verdict.INVALID, model.name(), byKey.size(), checked, visited,
                        List.copyOf(unknownReasons), result.counterexample());
            }
            if (result.verdict() == Verdict.UNKNOWN) {
                unknownReasons.add(result.reason());
            }
        }
        Verdict verdict = unknownReasons.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
        return new LinearizabilityResult(verdict, model.name(), byKey.size(), checked, visited,
                List.copyOf(unknownReasons), null);
    }

    /** Each key's operations that take part in the search, in invocation order. */
    private Map<String, List<Operation>> partitionByKey(List<Operation> operations) throws InvalidHistoryException {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation op : operations) {
            if (op.f().equals(FINAL_READ)) {
                continue;
            }
            model.validate(op);
            boolean happened = op.outcome() != OpType.FAIL;
            boolean constrains = op.isOk() || !model.isReadOnly(op);
            if (happened && constrains) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        return byKey;
    }
}
