package dev.gameday.checker.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import dev.gameday.checker.bench.HardHistories;
import dev.gameday.history.Op;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search's cuts in time ({@link KeySearch}, {@link SegmentedConfigurations}): operations of
 * unknown outcome carried across many cuts, a violation after many cuts, and the memory the cuts
 * save. The histories are checked with a cut after every return (the default cuts only histories
 * of thousands of operations) and with the default, which must agree.
 */
class CutsInTimeTest {
    /** Cut after every return of an :ok operation. */
    private static final int EVERY_RETURN = 1;

    /**
     * A write of 5 that timed out, then 20 writes and reads one after the other (each return a cut,
     * with nothing in flight but the timed-out write), and a long write of 100 in flight across
     * many of those cuts, read in the middle.
     */
    private static TestHistory infoWriteThenManyCuts() {
        TestHistory history = new TestHistory().invoke(9, "write", 5L).info(9).invoke(8, "write", 100L);
        for (long i = 1; i <= 20; i++) {
            history.call(0, null, "write", i, i).call(0, null, "read", null, i);
            if (i == 10) {
                history.ok(8).call(0, null, "read", null, 100L);
            }
        }
        return history;
    }

    @Test
    void infoWriteCarriedAcrossManyCutsMayTakeEffectAtTheEnd() throws Exception {
        assertVerdict(
                Verdict.VALID,
                infoWriteThenManyCuts().call(0, null, "read", null, 5L).ops());
    }

    @Test
    void infoWriteCarriedAcrossManyCutsTakesEffectOnlyOnce() throws Exception {
        List<Op> history = infoWriteThenManyCuts()
                .call(0, null, "read", null, 5L)
                .call(0, null, "write", 21L, 21L)
                .call(0, null, "read", null, 5L)
                .ops();
        LinearizabilityResult result = assertVerdict(Verdict.INVALID, history);
        Op lastRead = history.get(history.size() - 1);
        assertEquals(
                lastRead.index(),
                result.counterexample().unplaceable().completeIndex(),
                "the second read of 5 is the violation");
    }

    @Test
    void twoInfoWritesCarriedAcrossCutsTakeEffectInEitherOrderOnce() throws Exception {
        TestHistory history = new TestHistory()
                .invoke(9, "write", 5L)
                .info(9)
                .invoke(7, "write", 6L)
                .info(7);
        for (long i = 1; i <= 12; i++) {
            history.call(0, null, "write", i, i).call(0, null, "read", null, i);
        }
        history.call(0, null, "read", null, 6L).call(0, null, "read", null, 5L);
        assertVerdict(Verdict.VALID, history.ops());
        assertVerdict(Verdict.INVALID, history.call(0, null, "read", null, 6L).ops());
    }

    /**
     * A generated nightly-shaped history with a stale read late in it: with a memo budget too small
     * to hold every configuration explored before the violation, the search without cuts answers
     * UNKNOWN, and with cuts it finds the violation, since it forgets the segments it is done with.
     */
    @Test
    void lateViolationIsRefutedWithinAMemoryBudgetThatTheWholeHistoryExceeds() throws Exception {
        List<Op> history = HardHistories.generate(HardHistories.realRun(true, 20_000), 20261203);
        SearchBudget budget = new SearchBudget(Duration.ofSeconds(60), 3L << 20);
        Model model = Models.byName("cas-register");

        LinearizabilityResult uncut = new LinearizabilityChecker(model, budget, Integer.MAX_VALUE).check(history);
        assertEquals(Verdict.UNKNOWN, uncut.verdict(), uncut::toString);
        assertTrue(uncut.unknownReasons().get(0).startsWith("memory budget reached"), uncut::toString);

        LinearizabilityResult cut = new LinearizabilityChecker(model, budget, 64).check(history);
        assertEquals(Verdict.INVALID, cut.verdict(), cut::toString);
        LinearizabilityResult unbounded =
                new LinearizabilityChecker(model, Checks.BUDGET, Integer.MAX_VALUE).check(history);
        assertEquals(Verdict.INVALID, unbounded.verdict(), unbounded::toString);
        assertEquals(
                unbounded.counterexample().unplaceable(),
                cut.counterexample().unplaceable(),
                "the violation the search without cuts finds when given the memory");
        assertEquals("read", cut.counterexample().unplaceable().f());
    }

    private static LinearizabilityResult assertVerdict(Verdict expected, List<Op> history) throws Exception {
        Model model = Models.byName("cas-register");
        LinearizabilityResult cut = new LinearizabilityChecker(model, Checks.BUDGET, EVERY_RETURN).check(history);
        assertEquals(expected, cut.verdict(), () -> "cut after every return: " + cut);
        LinearizabilityResult uncut = new LinearizabilityChecker(model, Checks.BUDGET).check(history);
        assertEquals(expected, uncut.verdict(), () -> "default cuts: " + uncut);
        return cut;
    }
}
