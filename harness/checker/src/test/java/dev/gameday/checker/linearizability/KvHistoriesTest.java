package dev.gameday.checker.linearizability;

import static dev.gameday.checker.linearizability.Checks.assertVerdict;
import static dev.gameday.checker.linearizability.Checks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import org.junit.jupiter.api.Test;

/** Hand-built string key-value histories: get, put, append over several keys. */
class KvHistoriesTest {
    @Test
    void appendsConcatenateAndMissingKeysReadEmpty() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "kv",
                new TestHistory()
                        .call(0, "a", "get", null, "")
                        .call(0, "a", "append", "x", "x")
                        .call(1, "a", "append", "y", "y")
                        .call(1, "a", "get", null, "xy")
                        .call(1, "b", "get", null, null)
                        .call(0, "b", "put", "z", "z")
                        .call(0, "b", "append", "w", "w")
                        .call(1, "b", "get", null, "zw"));
    }

    @Test
    void concurrentAppendsMayLandInEitherOrder() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "kv",
                new TestHistory()
                        .invoke(0, "a", "append", "x")
                        .invoke(1, "a", "append", "y")
                        .ok(1)
                        .ok(0)
                        .call(2, "a", "get", null, "yx"));
    }

    @Test
    void appendsInTheWrongOrderAreNotLinearizable() throws Exception {
        LinearizabilityResult result = check(
                "kv",
                new TestHistory()
                        .call(2, "other", "put", "p", "p")
                        .call(0, "a", "append", "x", "x")
                        .call(1, "a", "append", "y", "y")
                        .call(2, "a", "get", null, "yx"));
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals("a", result.counterexample().key(), "the violation is reported against its key");
        assertEquals(2, result.keys());
    }

    @Test
    void lostAppendIsNotLinearizable() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "kv",
                new TestHistory()
                        .call(0, "a", "append", "x", "x")
                        .call(0, "a", "append", "y", "y")
                        .call(1, "a", "get", null, "x"));
    }

    @Test
    void infoAppendMayShowUpLater() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "kv",
                new TestHistory()
                        .invoke(0, "a", "append", "x")
                        .info(0)
                        .call(1, "a", "get", null, "")
                        .call(1, "a", "append", "y", "y")
                        .call(1, "a", "get", null, "yx"));
    }
}
