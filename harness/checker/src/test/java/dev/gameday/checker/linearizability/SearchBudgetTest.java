package dev.gameday.checker.linearizability;

import static dev.gameday.checker.linearizability.Checks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A search that runs out of budget answers UNKNOWN, never VALID. */
class SearchBudgetTest {
    @Test
    void runningOutOfTimeIsUnknownNotLinearizable() throws Exception {
        LinearizabilityResult result = new LinearizabilityChecker(
                        Models.byName("register"), SearchBudget.withTimeLimit(Duration.ofMillis(50)))
                .check(TestHistory.concurrentWritesThenImpossibleRead(40));
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.unknownReasons().get(0).contains("time limit"), result.unknownReasons()::toString);
    }

    @Test
    void runningOutOfMemoryBudgetIsUnknown() throws Exception {
        LinearizabilityResult result = new LinearizabilityChecker(
                        Models.byName("register"), new SearchBudget(Duration.ofSeconds(30), 100_000))
                .check(TestHistory.concurrentWritesThenImpossibleRead(40));
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.unknownReasons().get(0).contains("memory budget"), result.unknownReasons()::toString);
    }

    @Test
    void unknownNamesTheKeyAndTheOpWhereTheSearchStopped() throws Exception {
        TestHistory history = new TestHistory();
        for (long p = 0; p < 40; p++) {
            history.invoke(p, "r7", "write", p);
        }
        for (long p = 0; p < 40; p++) {
            history.ok(p);
        }
        history.call(40, "r7", "read", null, 0L)
                .call(40, "r7", "read", null, 1L)
                .call(40, "r7", "read", null, 0L);
        LinearizabilityResult result = new LinearizabilityChecker(
                        Models.byName("register"), new SearchBudget(Duration.ofSeconds(30), 100_000))
                .check(history.ops());
        assertEquals(Verdict.UNKNOWN, result.verdict());
        String reason = result.unknownReasons().get(0);
        assertTrue(reason.contains("for key r7") && reason.contains("stopped at op index"), reason);
    }

    @Test
    void smallVersionOfTheHardHistoryIsRefuted() throws Exception {
        LinearizabilityResult result = check("register", TestHistory.concurrentWritesThenImpossibleRead(8));
        assertEquals(Verdict.INVALID, result.verdict());
        assertNotNull(result.counterexample());
        assertEquals("read", result.counterexample().unplaceable().f());
    }
}
