package dev.gameday.checker.linearizability;

import static dev.gameday.checker.linearizability.Checks.assertVerdict;
import static dev.gameday.checker.linearizability.Checks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.InvalidHistoryException;
import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built read/write register histories, linearizable and not, with :info and :fail operations. */
class RegisterHistoriesTest {
    @Test
    void sequentialWritesAndReadsAreLinearizable() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "register",
                new TestHistory()
                        .call(0, null, "read", null, null)
                        .call(0, null, "write", 1L, 1L)
                        .call(1, null, "read", null, 1L)
                        .call(1, null, "write", 2L, 2L)
                        .call(0, null, "read", null, 2L));
    }

    @Test
    void readConcurrentWithWriteMaySeeEitherValue() throws Exception {
        for (Object seen : new Object[] {1L, 2L}) {
            assertVerdict(
                    Verdict.VALID,
                    "register",
                    new TestHistory()
                            .call(0, null, "write", 1L, 1L)
                            .invoke(0, "write", 2L)
                            .invoke(1, "read", null)
                            .ok(1, seen)
                            .ok(0));
        }
    }

    @Test
    void readOfAValueNeverWrittenIsNotLinearizable() throws Exception {
        LinearizabilityResult result = check(
                "register", new TestHistory().call(0, null, "write", 1L, 1L).call(1, null, "read", null, 7L));
        assertEquals(Verdict.INVALID, result.verdict());
        Counterexample counterexample = result.counterexample();
        assertNull(counterexample.key());
        assertEquals("7", counterexample.unplaceable().output());
        assertEquals(1, counterexample.longestLinearizedPrefix().size(), "the write can be placed, the read cannot");
        assertEquals("1", counterexample.stateAfterPrefix());
    }

    @Test
    void staleReadIsNotLinearizable() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .call(0, null, "write", 2L, 2L)
                        .call(1, null, "read", null, 1L));
    }

    @Test
    void lostWriteIsNotLinearizable() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "register",
                new TestHistory().call(0, null, "write", 1L, 1L).call(1, null, "read", null, null));
    }

    @Test
    void infoWriteThatLaterReadsObserveIsLinearizable() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .invoke(0, "write", 2L)
                        .info(0)
                        .call(1, null, "read", null, 1L)
                        .call(1, null, "read", null, 2L)
                        .call(1, null, "read", null, 2L));
    }

    @Test
    void infoWriteThatNeverTookEffectIsLinearizable() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .invoke(0, "write", 2L)
                        .info(0)
                        .call(1, null, "read", null, 1L)
                        .call(1, null, "read", null, 1L));
    }

    @Test
    void invocationWithoutCompletionIsTreatedAsInfo() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "register",
                new TestHistory().invoke(0, "write", 3L).call(1, null, "read", null, 3L));
    }

    @Test
    void infoWriteCannotTakeEffectBeforeItsInvocation() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "register",
                new TestHistory()
                        .call(1, null, "read", null, 2L)
                        .invoke(0, "write", 2L)
                        .info(0));
    }

    @Test
    void infoWriteTakesEffectOnceNotTwice() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "register",
                new TestHistory()
                        .invoke(0, "write", 2L)
                        .info(0)
                        .call(1, null, "read", null, 2L)
                        .call(1, null, "write", 1L, 1L)
                        .call(1, null, "read", null, 1L)
                        .call(1, null, "read", null, 2L));
    }

    @Test
    void failedWriteDidNotHappen() throws Exception {
        TestHistory history = new TestHistory()
                .call(0, null, "write", 1L, 1L)
                .invoke(0, "write", 2L)
                .fail(0);
        assertVerdict(Verdict.VALID, "register", history.call(1, null, "read", null, 1L));
        assertVerdict(
                Verdict.INVALID,
                "register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .invoke(0, "write", 2L)
                        .fail(0)
                        .call(1, null, "read", null, 2L));
    }

    @Test
    void casIsNotARegisterOperation() {
        InvalidHistoryException e = assertThrows(
                InvalidHistoryException.class,
                () -> check("register", new TestHistory().call(0, null, "cas", List.of(0L, 1L), List.of(0L, 1L))));
        assertTrue(e.getMessage().contains(":cas needs model cas-register"), e.getMessage());
    }
}
