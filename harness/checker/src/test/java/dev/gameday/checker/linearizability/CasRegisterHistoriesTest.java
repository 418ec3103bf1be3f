package dev.gameday.checker.linearizability;

import static dev.gameday.checker.linearizability.Checks.assertVerdict;

import dev.gameday.checker.TestHistory;
import dev.gameday.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built compare-and-set register histories. */
class CasRegisterHistoriesTest {
    @Test
    void casFromTheCurrentValueIsLinearizable() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "cas-register",
                new TestHistory()
                        .call(0, null, "write", 0L, 0L)
                        .call(1, null, "cas", List.of(0L, 4L), List.of(0L, 4L))
                        .call(0, null, "read", null, 4L));
    }

    @Test
    void casThatSucceededFromAnotherValueIsNotLinearizable() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "cas-register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .call(1, null, "cas", List.of(0L, 4L), List.of(0L, 4L)));
    }

    @Test
    void failedCasIsRemoved() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "cas-register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .invoke(1, "cas", List.of(0L, 4L))
                        .fail(1)
                        .call(0, null, "read", null, 1L));
    }

    @Test
    void infoCasMayTakeEffectLater() throws Exception {
        assertVerdict(
                Verdict.VALID,
                "cas-register",
                new TestHistory()
                        .invoke(1, "cas", List.of(0L, 4L))
                        .info(1)
                        .call(0, null, "read", null, null)
                        .call(0, null, "write", 0L, 0L)
                        .call(0, null, "read", null, 0L)
                        .call(0, null, "read", null, 4L));
    }

    @Test
    void infoCasCannotTakeEffectFromAnotherValue() throws Exception {
        assertVerdict(
                Verdict.INVALID,
                "cas-register",
                new TestHistory()
                        .call(0, null, "write", 1L, 1L)
                        .invoke(1, "cas", List.of(0L, 4L))
                        .info(1)
                        .call(0, null, "read", null, 4L));
    }
}
