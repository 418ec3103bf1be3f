package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.StopCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopConditionMonitorTest {
    private static final StopCondition HALF_FOR_TEN_SECONDS = new StopCondition(0.5, Duration.ofSeconds(10));

    private static List<String> feed(CanaryTraffic traffic) {
        List<String> reasons = new ArrayList<>();
        StopConditionMonitor monitor = new StopConditionMonitor(HALF_FOR_TEN_SECONDS, reasons::add);
        traffic.ops().forEach(monitor);
        return reasons;
    }

    @Test
    void firesOnceWhenAnAzStaysBelowTheRatio() {
        List<String> reasons = feed(new CanaryTraffic()
                .calls("az2", "e", 0, 10_000, 100, 0)
                .calls("az1", "e", 0, 10_000, 100, 0)
                .calls("az1", "e", 10_000, 30_000, 200, 160));
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("stop condition: az1 success ratio"), reasons.get(0));
        assertTrue(reasons.get(0).endsWith("< 0.5 over the last 10s"), reasons.get(0));
    }

    @Test
    void aShortDipDoesNotStopTheRun() {
        List<String> reasons = feed(new CanaryTraffic()
                .calls("az1", "e", 0, 10_000, 100, 0)
                .calls("az1", "e", 10_000, 14_000, 40, 40)
                .calls("az1", "e", 14_000, 30_000, 160, 0));
        assertTrue(reasons.isEmpty(), reasons.toString());
    }

    @Test
    void waitsForAFullPeriodOfHistory() {
        // Everything fails from the start, but only 5 s of data: not yet "for 10 s".
        assertTrue(feed(new CanaryTraffic().calls("az1", "e", 0, 5_000, 50, 50)).isEmpty());
    }
}
