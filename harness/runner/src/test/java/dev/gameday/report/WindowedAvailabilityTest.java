package dev.gameday.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowedAvailabilityTest {

    @Test
    void countsPerSeriesAndWindowByInvocationTime() {
        CanaryTraffic traffic = new CanaryTraffic()
                .call("az1", "az1-router-1", 100, 10, OpType.OK, null)
                .call("az1", "az1-router-1", 900, 500, OpType.INFO, "timeout") // completes in window 1, counts in 0
                .call("az1", "az1-router-1", 1500, 20, OpType.FAIL, "ConditionalCheckFailedException")
                .call("az1", "az2-router-1", 3200, 30, OpType.FAIL, "ThrottlingException")
                .call("az2", "az2-router-1", 200, 40, OpType.OK, null);
        Map<Series, List<WindowStats>> bySeries = traffic.windows(1000).bySeries();

        List<WindowStats> az1 = bySeries.get(new Series("az1", "az1-router-1"));
        assertEquals(2, az1.size());
        assertEquals(2, az1.get(0).requests());
        assertEquals(1, az1.get(0).errors(), "the timeout counts where it was invoked");
        assertEquals(0.5, az1.get(0).successRatio());
        assertEquals(1, az1.get(1).requests());
        assertEquals(0, az1.get(1).errors(), "a failed condition is a correct answer, not an outage");
        assertEquals(Duration.ofSeconds(1), az1.get(1).start());

        List<WindowStats> crossAz = bySeries.get(new Series("az1", "az2-router-1"));
        assertEquals(4, crossAz.size(), "windows before the first request are present and empty");
        assertEquals(0, crossAz.get(1).requests());
        assertEquals(1.0, crossAz.get(1).successRatio());
        assertEquals(1, crossAz.get(3).errors(), "throttling is an error to the customer");

        Map<String, List<WindowStats>> byAz = traffic.windows(1000).byAz();
        assertEquals(
                3, byAz.get("az1").get(0).requests() + byAz.get("az1").get(1).requests());
        assertEquals(1, byAz.get("az2").get(0).requests());
    }

    @Test
    void aFalseCompareOfAnyCanaryClientIsACorrectAnswer() {
        CanaryTraffic traffic = new CanaryTraffic()
                .call("az1", "az1-etcd-1", 100, 10, OpType.FAIL, SuccessRule.COMPARE_FAILED)
                .call("az1", "az1-etcd-1", 200, 10, OpType.FAIL, "unavailable: etcdserver: leader changed");
        WindowStats w = traffic.windows(1000)
                .bySeries()
                .get(new Series("az1", "az1-etcd-1"))
                .get(0);
        assertEquals(2, w.requests());
        assertEquals(1, w.errors(), "etcd's false compare is no error, its refusal is");
    }

    @Test
    void latencyPercentilesComeFromInvokeAndCompletionTimes() {
        CanaryTraffic traffic = new CanaryTraffic();
        for (int i = 1; i <= 100; i++) {
            traffic.call("az1", "e", i, i, OpType.OK, null); // latencies 1..100 ms
        }
        WindowStats w =
                traffic.windows(10_000).bySeries().get(new Series("az1", "e")).get(0);
        assertEquals(100, w.requests());
        assertEquals(50.0, w.p50Ms(), 1.0);
        assertEquals(99.0, w.p99Ms(), 1.0);
        assertEquals(100.0, w.maxMs(), 1.0);
    }

    @Test
    void opsWithoutAzAreNotCanaryTraffic() {
        WindowedAvailability availability = new WindowedAvailability(Duration.ofSeconds(1));
        availability.accept(new Op(0, 0, 7, OpType.INVOKE, "final-read", null, null));
        availability.accept(new Op(1, 5, 7, OpType.OK, "final-read", null, Map.of()));
        assertTrue(availability.bySeries().isEmpty());
    }

    @Test
    void aCompletionWithoutInvocationIsABrokenHistory() {
        WindowedAvailability availability = new WindowedAvailability(Duration.ofSeconds(1));
        Op orphan = new Op(0, 5, 3, OpType.OK, "write", "k", 1L, Map.of("az", "az1", "endpoint", "e"));
        assertThrows(IllegalArgumentException.class, () -> availability.accept(orphan));
    }
}
