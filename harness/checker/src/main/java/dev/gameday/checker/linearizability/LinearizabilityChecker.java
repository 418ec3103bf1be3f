package dev.gameday.checker.linearizability;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.Verdict;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.Iterator;
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
    /**
     * Steps a key's search runs between looks at the clock and at the bytes it holds. A step adds at
     * most one configuration and a few states and transitions, so a search overshoots its budget by
     * that many steps' worth at most; looking more often (every step, every 64) cost the warm
     * benchmark 10-100% more CPU.
     */
    private static final long STEPS_BETWEEN_CHECKS = 1024;
    /** Steps each undecided key gets in the first turn; every later turn doubles it. */
    private static final long FIRST_TURN_STEPS = 4096;

    /** Which search runs: the current one, or the first version kept as the benchmark's baseline. */
    private enum Engine {
        CURRENT,
        FIRST_VERSION,
        FIRST_VERSION_WITHOUT_MEMO
    }

    private final Model model;
    private final SearchBudget budget;
    private final Engine engine;
    /** How often the current search cuts a key's history in time (see {@link KeySearch}). */
    private final int returnsPerCut;

    public LinearizabilityChecker(Model model, SearchBudget budget) {
        this(model, budget, Engine.CURRENT, KeySearch.RETURNS_PER_CUT);
    }

    /** The current search with a cut in time every {@code returnsPerCut} returns: tests cut short histories often. */
    LinearizabilityChecker(Model model, SearchBudget budget, int returnsPerCut) {
        this(model, budget, Engine.CURRENT, returnsPerCut);
    }

    private LinearizabilityChecker(Model model, SearchBudget budget, Engine engine, int returnsPerCut) {
        this.model = model;
        this.budget = budget;
        this.engine = engine;
        this.returnsPerCut = returnsPerCut;
    }

    /**
     * Plain Wing &amp; Gong backtracking, without the memo of visited configurations: exponentially
     * slower on histories it must refute. Only the benchmark uses it, as a baseline.
     */
    public static LinearizabilityChecker withoutMemo(Model model, SearchBudget budget) {
        return new LinearizabilityChecker(model, budget, Engine.FIRST_VERSION_WITHOUT_MEMO, KeySearch.RETURNS_PER_CUT);
    }

    /**
     * The first version of the search (keys one after the other, every :info operation kept, the
     * memo keyed on whole bitsets). Only the benchmark uses it, as the baseline of its ratios.
     */
    public static LinearizabilityChecker firstVersion(Model model, SearchBudget budget) {
        return new LinearizabilityChecker(model, budget, Engine.FIRST_VERSION, KeySearch.RETURNS_PER_CUT);
    }

    public LinearizabilityResult check(List<Op> history) throws InvalidHistoryException {
        return checkOperations(OperationPairing.pair(history));
    }

    public LinearizabilityResult checkOperations(List<Operation> operations) throws InvalidHistoryException {
        long deadline = System.nanoTime() + budget.timeLimit().toNanos();
        Map<String, List<Operation>> byKey = partitionByKey(operations);
        int checked = byKey.values().stream().mapToInt(List::size).sum();
        if (engine != Engine.CURRENT) {
            return checkKeysOneAfterAnother(byKey, checked, deadline);
        }
        List<KeySearch> undecided = new ArrayList<>();
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            undecided.add(new KeySearch(key.getKey(), key.getValue(), model, returnsPerCut));
        }
        List<String> unknownReasons = new ArrayList<>();
        long visited = 0;
        // Keys take turns, each turn twice as long as the one before: a key that is refuted quickly
        // ends the check even when a key before it is slow to decide (Porcupine gets the same from
        // searching partitions in parallel and stopping them all at the first failure).
        for (long turnSteps = FIRST_TURN_STEPS; !undecided.isEmpty(); turnSteps *= 2) {
            for (Iterator<KeySearch> it = undecided.iterator(); it.hasNext(); ) {
                KeySearch search = it.next();
                long othersHeld = undecided.stream()
                        .filter(s -> s != search)
                        .mapToLong(KeySearch::bytesHeld)
                        .sum();
                long bytesLeft = budget.maxMemoryBytes() - othersHeld;
                String stop = null;
                for (long left = turnSteps;
                        left > 0 && search.verdict() == null && stop == null;
                        left -= STEPS_BETWEEN_CHECKS) {
                    search.advance(Math.min(left, STEPS_BETWEEN_CHECKS));
                    if (search.verdict() != null) {
                        break;
                    }
                    if (System.nanoTime() - deadline > 0) {
                        stop = "time limit reached";
                    } else if (search.bytesHeld() > bytesLeft) {
                        stop = "memory budget reached";
                    }
                }
                if (search.verdict() == Verdict.INVALID) {
                    return new LinearizabilityResult(
                            Verdict.INVALID,
                            model.name(),
                            byKey.size(),
                            checked,
                            visited + search.configurationsVisited(),
                            List.copyOf(unknownReasons),
                            search.counterexample());
                }
                if (search.verdict() == Verdict.VALID) {
                    visited += search.configurationsVisited();
                    it.remove();
                } else if (stop != null) {
                    unknownReasons.add(stop + " for key " + describe(search.key()) + " after "
                            + search.configurationsVisited() + " configurations, "
                            + search.memoryHeld(budget.maxMemoryBytes())
                            + ": " + search.position());
                    visited += search.configurationsVisited();
                    it.remove();
                    if (stop.startsWith("time")) {
                        for (KeySearch other : undecided) {
                            unknownReasons.add("time limit reached before key " + describe(other.key())
                                    + " was decided: " + other.position());
                        }
                        undecided.clear();
                        break;
                    }
                }
            }
        }
        Verdict verdict = unknownReasons.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
        return new LinearizabilityResult(
                verdict, model.name(), byKey.size(), checked, visited, List.copyOf(unknownReasons), null);
    }

    private static String describe(String key) {
        return key == null ? "(single register)" : key;
    }

    /** The first version's loop, for the benchmark's baselines. */
    private LinearizabilityResult checkKeysOneAfterAnother(
            Map<String, List<Operation>> byKey, int checked, long deadline) {
        List<String> unknownReasons = new ArrayList<>();
        long visited = 0;
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            KeyResult result = new KeySearchV1(
                            key.getKey(),
                            key.getValue(),
                            model,
                            deadline,
                            budget.maxMemoryBytes(),
                            engine == Engine.FIRST_VERSION)
                    .run();
            visited += result.configurationsVisited();
            if (result.verdict() == Verdict.INVALID) {
                return new LinearizabilityResult(
                        Verdict.INVALID,
                        model.name(),
                        byKey.size(),
                        checked,
                        visited,
                        List.copyOf(unknownReasons),
                        result.counterexample());
            }
            if (result.verdict() == Verdict.UNKNOWN) {
                unknownReasons.add(result.reason());
            }
        }
        Verdict verdict = unknownReasons.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
        return new LinearizabilityResult(
                verdict, model.name(), byKey.size(), checked, visited, List.copyOf(unknownReasons), null);
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
