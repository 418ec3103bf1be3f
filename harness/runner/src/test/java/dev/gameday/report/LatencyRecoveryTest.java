package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.Hypothesis;
import dev.gameday.history.OpType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecoveryTest {
    private static final Hypothesis HYPOTHESIS = new Hypothesis(0.9, Duration.ofSeconds(5));
    /** Active from 4 s to 6 s. */
    private static final List<FaultWindow> FAULT =
            List.of(new FaultWindow(1, Duration.ofSeconds(4), Duration.ofSeconds(6)));

    /** Calls every 10 ms in [from, to), each taking {@code latencyMillis}, all successful. */
    private static CanaryTraffic steady(CanaryTraffic t, String az, long from, long to, long latencyMillis) {
        for (long at = from; at < to; at += 10) {
            t.call(az, "e", at, latencyMillis, OpType.OK, null);
        }
        return t;
    }

    @Test
    void backAtTheFirstSecondWhoseCallsAreAsFastAsBeforeTheFault() {
        CanaryTraffic t = new CanaryTraffic();
        steady(t, "az1", 0, 4000, 5);
        steady(t, "az1", 4000, 8000, 300); // slow during the fault and for 2 s after its heal
        steady(t, "az1", 8000, 10_000, 5);
        steady(t, "az2", 0, 10_000, 5); // az2 never slowed down
        HypothesisResult result =
                HypothesisCheck.evaluate(HYPOTHESIS, t.windows(1000).byAz(), FAULT, t.ops());

        List<LatencyRecovery> latency = result.latencyRecoveries();
        assertEquals(2, latency.size(), latency.toString());
        LatencyRecovery az1 = latency.get(0);
        assertEquals("az1", az1.az());
        assertEquals(5.0, az1.steadyP99Ms(), 0.1);
        assertEquals(Duration.ofSeconds(6), az1.healedAt());
        assertEquals(Duration.ofSeconds(2), az1.took());
        assertEquals(Duration.ZERO, latency.get(1).took(), "az2 was never slow: back at the heal");
        // Judged on the success ratio alone: slow calls that succeed do not break the steady state.
        assertTrue(result.held(), result.violations().toString());
    }

    @Test
    void theSlowSecondsAfterTheBootAreNotTheSteadyLatency() {
        List<FaultWindow> late = List.of(new FaultWindow(1, Duration.ofSeconds(15), Duration.ofSeconds(17)));
        CanaryTraffic t = new CanaryTraffic();
        steady(t, "az1", 0, 4000, 2000); // the JVMs still compiling
        steady(t, "az1", 4000, 15_000, 5);
        steady(t, "az1", 15_000, 19_000, 300);
        steady(t, "az1", 19_000, 21_000, 5);
        LatencyRecovery az1 = HypothesisCheck.evaluate(
                        HYPOTHESIS, t.windows(1000).byAz(), late, t.ops())
                .latencyRecoveries()
                .get(0);
        assertEquals(5.0, az1.steadyP99Ms(), 0.1);
        assertEquals(Duration.ofSeconds(2), az1.took());
    }

    @Test
    void aSecondWithAFailedCallIsNotBackEvenIfFast() {
        CanaryTraffic t = new CanaryTraffic();
        steady(t, "az1", 0, 6000, 5);
        t.call("az1", "e", 6500, 5, OpType.FAIL, "ServiceUnavailable");
        steady(t, "az1", 7000, 9000, 5);
        HypothesisResult result =
                HypothesisCheck.evaluate(HYPOTHESIS, t.windows(1000).byAz(), FAULT, t.ops());
        assertEquals(Duration.ofSeconds(1), result.latencyRecoveries().get(0).took());
    }

    @Test
    void neverBackBeforeTheEndIsNull() {
        CanaryTraffic t = new CanaryTraffic();
        steady(t, "az1", 0, 4000, 5);
        steady(t, "az1", 4000, 9000, 300);
        HypothesisResult result =
                HypothesisCheck.evaluate(HYPOTHESIS, t.windows(1000).byAz(), FAULT, t.ops());
        assertNull(result.latencyRecoveries().get(0).took());
    }

    @Test
    void aFaultFromTheFirstSecondHasNoSteadyLatencyToCompareWith() {
        CanaryTraffic t = new CanaryTraffic();
        steady(t, "az1", 0, 9000, 5);
        List<FaultWindow> atOnce = List.of(new FaultWindow(1, Duration.ofMillis(500), Duration.ofSeconds(2)));
        assertEquals(
                List.of(),
                HypothesisCheck.evaluate(HYPOTHESIS, t.windows(1000).byAz(), atOnce, t.ops())
                        .latencyRecoveries());
    }
}
