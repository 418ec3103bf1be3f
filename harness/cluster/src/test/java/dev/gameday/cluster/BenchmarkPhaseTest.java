package dev.gameday.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gameday.canary.CanaryLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkPhaseTest {

    @Test
    void theCanaryRateStartsAtMostWhatThatRateStartsInThePhaseAndSplitsItOverTheEndpoints() {
        BenchmarkPhase phase = BenchmarkPhase.atCanaryRate("write", 60, Duration.ofSeconds(30), 24);

        assertEquals(1800, phase.maxOps(), "60 calls/s for 30 s");
        CanaryLoop.Limits first = phase.limitsOf(0, 3);
        assertEquals(20, first.opsPerSecond(), 1e-9, "an AZ's share of the rate, as the experiments' ratePerAz");
        assertEquals(600, first.maxOps());
        assertEquals(8, first.workers());
        assertEquals(Duration.ofSeconds(30), first.maxDuration());
    }

    @Test
    void saturationIsAClosedLoopBoundedInTimeAndOpsWhoseSharesAddUpToTheWhole() {
        BenchmarkPhase phase = BenchmarkPhase.saturation("cas", 25, Duration.ofSeconds(20), 1000);

        assertEquals(BenchmarkPhase.Load.SATURATION, phase.load());
        List<CanaryLoop.Limits> shares = List.of(phase.limitsOf(0, 3), phase.limitsOf(1, 3), phase.limitsOf(2, 3));
        assertEquals(
                List.of(9, 8, 8),
                shares.stream().map(CanaryLoop.Limits::workers).toList(),
                "25 clients over 3");
        assertEquals(
                List.of(334L, 333L, 333L),
                shares.stream().map(CanaryLoop.Limits::maxOps).toList());
        // Paced one op per nanosecond at most: no client waits for a slot, each starts its next call at once.
        shares.forEach(s -> assertEquals(1e9 / 3, s.opsPerSecond(), 1));
    }

    @Test
    void aSystemRunsEveryOpTypeAtTheCanaryRateThenEveryOneAtSaturation() {
        List<BenchmarkPhase> phases = BenchmarkPhase.plan(60, Duration.ofSeconds(20), Duration.ofSeconds(25), 24, 5000);

        assertEquals(
                List.of(
                        "write at canary rate",
                        "read at canary rate",
                        "cas at canary rate",
                        "write at saturation",
                        "read at saturation",
                        "cas at saturation"),
                phases.stream().map(BenchmarkPhase::label).toList());
        assertEquals(Duration.ofSeconds(25), phases.get(5).duration());
        assertEquals(5000, phases.get(5).maxOps());
    }

    @Test
    void unboundedOrUnmeasurablePhasesAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchmarkPhase.saturation("write", 24, Duration.ofHours(1), 10),
                "longer than a phase may run");
        assertThrows(IllegalArgumentException.class, () -> BenchmarkPhase.saturation("write", 24, Duration.ZERO, 10));
        assertThrows(
                IllegalArgumentException.class, () -> BenchmarkPhase.saturation("write", 0, Duration.ofSeconds(1), 10));
        assertThrows(
                IllegalArgumentException.class, () -> BenchmarkPhase.saturation("scan", 3, Duration.ofSeconds(1), 10));
        assertThrows(
                IllegalArgumentException.class,
                () -> BenchmarkPhase.saturation("read", 2, Duration.ofSeconds(1), 10)
                        .limitsOf(0, 3),
                "an endpoint without a client would not be measured");
    }
}
