package dev.gameday.checker.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.Operation;
import dev.gameday.checker.OperationPairing;
import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.bench.HardHistories;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search agrees with the definition of linearizability, checked by brute force on thousands of
 * small random histories of each model, with concurrent, :info and :fail operations.
 */
class BruteForceAgreementTest {

    /** What random operations of one model look like. */
    private enum Workload {
        CAS_REGISTER("cas-register", "read", "write", "cas") {
            private final Long[] values = {null, 1L, 2L, 3L};

            @Override
            Object input(String f, SplittableRandom random) {
                return switch (f) {
                    case "read" -> null;
                    case "write" -> values[1 + random.nextInt(3)];
                    default -> Arrays.asList(values[random.nextInt(4)], values[1 + random.nextInt(3)]);
                };
            }

            @Override
            Object readResult(SplittableRandom random) {
                return values[random.nextInt(4)];
            }
        },
        KV("kv", "get", "put", "append") {
            private final String[] reads = {null, "", "a", "b", "ab", "ba", "aa", "bab"};

            @Override
            Object input(String f, SplittableRandom random) {
                return f.equals("get") ? null : random.nextBoolean() ? "a" : "b";
            }

            @Override
            Object readResult(SplittableRandom random) {
                return reads[random.nextInt(reads.length)];
            }
        };

        final String model;
        final String[] functions; // the first one is the read

        Workload(String model, String... functions) {
            this.model = model;
            this.functions = functions;
        }

        abstract Object input(String f, SplittableRandom random);

        abstract Object readResult(SplittableRandom random);
    }

    @ParameterizedTest
    @EnumSource(Workload.class)
    void searchAgreesWithExhaustiveEnumeration(Workload workload) throws Exception {
        SplittableRandom random = new SplittableRandom(20261127);
        Model model = Models.byName(workload.model);
        int[] verdicts = new int[2];
        for (int i = 0; i < 5000; i++) {
            List<Op> history = randomHistory(workload, random);
            boolean expected = bruteForce(model, OperationPairing.pair(history));
            assertSearchAgrees(model, history, expected, 1);
            verdicts[expected ? 1 : 0]++;
        }
        assertTrue(
                verdicts[0] > 300 && verdicts[1] > 300,
                () -> "both verdicts well represented: " + Arrays.toString(verdicts));
    }

    /**
     * Small histories from the hard-history generator (crashed clients, :info operations that take
     * effect late or never, a stale read in half of them), on one key so brute force stays cheap.
     * The generator's expected verdict and the search must both agree with brute force; the search
     * also with the history cut in time after every return and every fourth: :info operations
     * pending across many cuts, and the stale read, placed after 90% of the operations, a late
     * violation after many cuts.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cas-register", "kv"})
    void searchAgreesWithExhaustiveEnumerationOnGeneratedHistories(String modelName) throws Exception {
        Model model = Models.byName(modelName);
        int[] verdicts = new int[2];
        for (int seed = 0; seed < 1500; seed++) {
            boolean stale = seed % 2 == 1;
            HardHistories.Shape shape = new HardHistories.Shape(modelName, 3, 1, 16, 0.5, 0.5, 0.03, stale);
            List<Op> history = HardHistories.generate(shape, seed);
            boolean expected = bruteForce(model, OperationPairing.pair(history));
            if (!stale) {
                assertTrue(expected, () -> "generated without a stale read but not linearizable:\n" + render(history));
            }
            assertSearchAgrees(model, history, expected, 1, 4);
            verdicts[expected ? 1 : 0]++;
        }
        assertTrue(
                verdicts[0] > 100 && verdicts[1] > 100,
                () -> "both verdicts well represented: " + Arrays.toString(verdicts));
    }

    /**
     * Histories where every write has its own value, as canaries write them, with more :info; the
     * search also with the history cut in time after every return, every second and every third:
     * configurations cross cuts with operations in flight and :info operations pending, and the
     * memo forgets the interiors of segments the search has backtracked below.
     */
    @ParameterizedTest
    @EnumSource(Workload.class)
    void searchAgreesWithExhaustiveEnumerationWithLongerHistories(Workload workload) throws Exception {
        SplittableRandom random = new SplittableRandom(20261203);
        Model model = Models.byName(workload.model);
        for (int i = 0; i < 3000; i++) {
            List<Op> history = randomHistory(workload, random, 4, 9);
            assertSearchAgrees(model, history, bruteForce(model, OperationPairing.pair(history)), 1, 2, 3);
        }
    }

    /**
     * Asserts the search's verdict, with its default cuts in time and with a cut every {@code
     * returnsPerCut} returns of :ok operations (the default cuts only long histories).
     */
    private static void assertSearchAgrees(Model model, List<Op> history, boolean linearizable, int... returnsPerCut)
            throws Exception {
        Verdict expected = linearizable ? Verdict.VALID : Verdict.INVALID;
        assertEquals(
                expected,
                new LinearizabilityChecker(model, Checks.BUDGET).check(history).verdict(),
                () -> "history:\n" + render(history));
        for (int cut : returnsPerCut) {
            assertEquals(
                    expected,
                    new LinearizabilityChecker(model, Checks.BUDGET, cut)
                            .check(history)
                            .verdict(),
                    () -> "cut every " + cut + " returns, history:\n" + render(history));
        }
    }

    /** Up to 3 processes and 7 operations on one key, interleaved at random; reads return random values. */
    private static List<Op> randomHistory(Workload workload, SplittableRandom random) {
        return randomHistory(workload, random, 3, 7);
    }

    private static List<Op> randomHistory(Workload workload, SplittableRandom random, int processes, int maxOps) {
        TestHistory history = new TestHistory();
        boolean[] busy = new boolean[processes];
        String[] function = new String[processes];
        int invoked = 0;
        int total = 2 + random.nextInt(maxOps - 1);
        while (invoked < total || anyBusy(busy)) {
            int p = random.nextInt(processes);
            if (!busy[p] && invoked < total) {
                function[p] = workload.functions[random.nextInt(workload.functions.length)];
                history.invoke(p, "k", function[p], workload.input(function[p], random));
                busy[p] = true;
                invoked++;
            } else if (busy[p]) {
                boolean read = function[p].equals(workload.functions[0]);
                int outcome = random.nextInt(10);
                if (outcome <= 1) {
                    history.info(p);
                } else if (outcome == 2 && !read) {
                    history.fail(p);
                } else if (read) {
                    history.ok(p, workload.readResult(random));
                } else {
                    history.ok(p);
                }
                busy[p] = false;
            }
        }
        return history.ops();
    }

    private static boolean anyBusy(boolean[] busy) {
        for (boolean b : busy) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /**
     * The definition: some order of all :ok operations and any subset of the :info ones, each placed
     * after every operation that completed before it was invoked, that the model accepts.
     */
    private static boolean bruteForce(Model model, List<Operation> all) {
        List<Operation> ops =
                all.stream().filter(op -> op.outcome() != OpType.FAIL).toList();
        return extend(model, ops, new boolean[ops.size()], model.initialState(), new HashSet<>());
    }

    /**
     * @param failed placements (which operations are placed, and the state) already shown to lead
     *               nowhere, so longer histories stay cheap to enumerate
     */
    private static boolean extend(
            Model model, List<Operation> ops, boolean[] placed, Object state, Set<List<Object>> failed) {
        List<Object> placement = Arrays.asList(Arrays.toString(placed), state);
        if (failed.contains(placement)) {
            return false;
        }
        boolean allOkPlaced = true;
        for (int i = 0; i < ops.size(); i++) {
            allOkPlaced &= placed[i] || !ops.get(i).isOk();
        }
        if (allOkPlaced) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            Operation candidate = ops.get(i);
            if (placed[i] || !mayComeNext(ops, placed, candidate) || !model.legal(state, candidate)) {
                continue;
            }
            placed[i] = true;
            boolean found = extend(model, ops, placed, model.next(state, candidate), failed);
            placed[i] = false;
            if (found) {
                return true;
            }
        }
        failed.add(placement);
        return false;
    }

    private static boolean mayComeNext(List<Operation> ops, boolean[] placed, Operation candidate) {
        for (int j = 0; j < ops.size(); j++) {
            if (!placed[j] && ops.get(j).completeIndex() < candidate.invokeIndex()) {
                return false;
            }
        }
        return true;
    }

    private static String render(List<Op> history) {
        List<String> lines = new ArrayList<>();
        for (Op op : history) {
            lines.add(op.index() + " p" + op.process() + " " + op.type() + " " + op.f() + " " + op.value());
        }
        return String.join("\n", lines);
    }
}
