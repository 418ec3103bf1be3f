package dev.gameday.checker.linearizability;

import static dev.gameday.checker.linearizability.Checks.assertVerdict;
import static dev.gameday.checker.linearizability.Checks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Concurrent appends that no read sees until a get after all of them: only one order of the 8
     * matches it. The search learns which only from that get, so without looking ahead it would try
     * the orders one by one (8,457 configurations); the reach test refutes a wrong order at
     * its first wrong append.
     */
    @Test
    void concurrentAppendsSeenOnlyByALaterGetAreOrderedByIt() throws Exception {
        String order = "v0;v5;v2;v7;v4;v1;v6;v3;";
        LinearizabilityResult valid = check("kv", concurrentAppends(8, null).call(8, "a", "get", null, order));
        assertEquals(Verdict.VALID, valid.verdict(), valid::toString);
        assertTrue(valid.configurationsVisited() < 100, valid::toString);

        LinearizabilityResult missing = check("kv", concurrentAppends(9, null).call(9, "a", "get", null, order));
        assertEquals(Verdict.INVALID, missing.verdict(), "v8 completed before the get, which lacks it");
        assertEquals("get", missing.counterexample().unplaceable().f(), missing::toString);
    }

    /**
     * The reach test must not cut where a put could still come first: here the get's value starts
     * with the put's, which is concurrent with the appends, so the appends the get lacks went before it.
     */
    @Test
    void aConcurrentPutMayHideTheAppendsBeforeIt() throws Exception {
        assertVerdict(Verdict.VALID, "kv", concurrentAppends(8, "p;").call(9, "a", "get", null, "p;v3;v1;"));
        assertVerdict(Verdict.INVALID, "kv", concurrentAppends(8, "p;").call(9, "a", "get", null, "v3;p;v1;"));
    }

    /** {@code appends} concurrent appends of v0; v1; ... to key a, and a put of {@code put} with them unless null. */
    private static TestHistory concurrentAppends(int appends, String put) {
        TestHistory history = new TestHistory();
        for (int p = 0; p < appends; p++) {
            history.invoke(p, "a", "append", "v" + p + ";");
        }
        if (put != null) {
            history.invoke(appends, "a", "put", put);
        }
        for (int p = 0; p < appends; p++) {
            history.ok(p);
        }
        if (put != null) {
            history.ok(appends);
        }
        return history;
    }
}
