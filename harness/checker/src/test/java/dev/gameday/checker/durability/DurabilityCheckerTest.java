package dev.gameday.checker.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurabilityCheckerTest {

    private static DurabilityResult check(TestHistory history) throws Exception {
        return new DurabilityChecker().check(history.ops());
    }

    private static Map<String, Object> scan(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void everyAcknowledgedWritePresentIsValid() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "put", "1", "1")
                .call(1, "b", "put", "2", "2")
                .call(9, null, "final-read", null, scan("a", "1", "b", "2")));
        assertEquals(Verdict.VALID, result.verdict(), result::toString);
        assertEquals(2, result.acknowledgedWrites());
        assertEquals(2, result.present());
    }

    @Test
    void lostWriteIsReportedWithWhenItWasLastSeen() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "put", "1", "1")
                .call(1, "a", "get", null, "1")
                .call(1, "a", "get", null, "1")
                .call(2, "a", "get", null, null)
                .call(2, "a", "get", null, null)
                .call(9, null, "final-read", null, scan()));
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(1, result.lost().size());
        LostWrite lost = result.lost().get(0);
        assertEquals("\"1\"", lost.write().input());
        assertEquals("nil", lost.finalValue(), "the scan did not contain the key");
        assertEquals(4, lost.lastSeenBy().invokeIndex(), "the second read was the last to see it");
        assertEquals(6, lost.firstMissingFrom().invokeIndex());
        assertEquals(6000L, lost.firstMissingFrom().invokeTime());
    }

    @Test
    void overwrittenWriteIsSupersededNotLost() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "write", 1L, 1L)
                .call(0, "a", "write", 2L, 2L)
                .call(9, "a", "final-read", null, 2L));
        assertEquals(Verdict.VALID, result.verdict(), result::toString);
        assertEquals(1, result.superseded());
        assertEquals(1, result.present());
    }

    @Test
    void laterWriteLostToAnEarlierValueIsLost() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "write", 1L, 1L)
                .call(0, "a", "write", 2L, 2L)
                .call(9, "a", "final-read", null, 1L));
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(1, result.lost().size());
        assertEquals("2", result.lost().get(0).write().input());
        assertEquals(1, result.present(), "the final read shows write 1: write 2, after it, is the one lost");
    }

    @Test
    void unexpectedValueIsInvalid() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "put", "1", "1")
                .invoke(1, "b", "put", "2")
                .fail(1)
                .call(9, null, "final-read", null, scan("a", "1", "b", "2", "c", "ghost")));
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals(
                List.of("b \"2\" written only by :fail operations", "c \"ghost\" never written"),
                result.unexpected().stream()
                        .map(u -> u.key() + " " + u.value() + " " + u.reason())
                        .toList());
        assertTrue(result.lost().isEmpty());
    }

    @Test
    void infoWriteThatShowsUpIsRecovered() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, "a", "put", "1", "1")
                .invoke(1, "b", "put", "2")
                .info(1)
                .invoke(2, "c", "put", "3")
                .info(2)
                .call(9, null, "final-read", null, scan("a", "1", "b", "2")));
        assertEquals(Verdict.VALID, result.verdict(), result::toString);
        assertEquals(1, result.recovered().size());
        assertEquals("b", result.recovered().get(0).key());
    }

    @Test
    void setElementsAndAppendsMustBeContained() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .call(0, null, "add", 1L, 1L)
                .call(0, null, "add", 2L, 2L)
                .call(0, null, "add", 3L, 3L)
                .call(9, null, "final-read", null, List.of(1L, 3L, 4L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertEquals("2", result.lost().get(0).write().input());
        assertEquals("4", result.unexpected().get(0).value());

        DurabilityResult appends = check(new TestHistory()
                .call(0, "k", "append", "x 0 0 y", "x 0 0 y")
                .call(1, "k", "append", "x 1 0 y", "x 1 0 y")
                .call(9, "k", "final-read", null, "x 0 0 yx 1 0 y"));
        assertEquals(Verdict.VALID, appends.verdict(), appends::toString);
        assertEquals(2, appends.present());
    }

    @Test
    void writesAfterTheFinalReadBeganAreNotJudgedByIt() throws Exception {
        DurabilityResult result = check(new TestHistory()
                .invoke(9, null, "final-read", null)
                .call(0, "a", "put", "1", "1")
                .ok(9, scan()));
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertEquals(1, result.unverified().size());
    }

    @Test
    void historyWithoutFinalReadIsUnknown() throws Exception {
        DurabilityResult result = check(new TestHistory().call(0, "a", "put", "1", "1"));
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.reason().contains(":final-read"), result.reason());
        assertTrue(result.lost().isEmpty());
    }
}
