package dev.gameday.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import dev.gameday.report.ScrubSummary;
import dev.gameday.schedule.PlannedFault;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The meters a run's events become, as Prometheus scrapes them. */
class LiveMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LiveMetrics metrics = new LiveMetrics(registry);
    private final AtomicLong clock = new AtomicLong();
    private final PlannedFault powerOff = new PlannedFault(
            1,
            "az-down",
            "e.yaml:9",
            new FaultSpec(
                    FaultType.POWER_OFF,
                    new TargetSpec(null, "az1", null, null),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    null,
                    null,
                    null),
            Duration.ofSeconds(15),
            Duration.ofSeconds(25),
            List.of("az1-storage-1"));

    private void start() {
        metrics.runStarted(new RunInfo(
                "az-power-off",
                42,
                0.25,
                List.of(),
                null,
                List.of("az1", "az2"),
                List.of("az1-router-1"),
                List.of("read", "write"),
                List.of("steady", "az-down", "done"),
                List.of(powerOff),
                clock::get,
                () -> Duration.ofSeconds(40)));
    }

    private void call(String az, String f, long latencyMillis, OpType type, String error) {
        Map<String, Object> where = Map.of("az", az, "endpoint", "az1-router-1");
        Op invocation = new Op(0, 1_000_000, 7, OpType.INVOKE, f, "r1", null, where);
        Op completion = new Op(
                1,
                1_000_000 + latencyMillis * 1_000_000,
                7,
                type,
                f,
                "r1",
                null,
                error == null ? where : Map.of("az", az, "endpoint", "az1-router-1", "error", error));
        metrics.canaryCompleted(invocation, completion);
    }

    private String scrape() {
        return registry.scrape();
    }

    @Test
    void everySeriesOfTheRunIsThereAtZeroBeforeTheFirstCall() {
        start();
        String scrape = scrape();
        assertTrue(
                scrape.contains("gameday_canary_requests_total{az=\"az2\",endpoint=\"az1-router-1\",op=\"write\","
                        + "outcome=\"error\"} 0.0"),
                scrape);
        assertTrue(
                scrape.contains("gameday_canary_latency_seconds_count{az=\"az1\",endpoint=\"az1-router-1\","
                        + "op=\"read\",outcome=\"success\"} 0"),
                scrape);
        assertTrue(
                scrape.contains("gameday_fault_active{fault=\"1\",phase=\"az-down\",target=\"az az1\","
                        + "type=\"power-off\"} 0"),
                scrape);
        assertTrue(scrape.contains("gameday_alarm_active{az=\"az2\",endpoint=\"az1-router-1\"} 0"), scrape);
        assertTrue(scrape.contains("gameday_alarms_raised_total{az=\"az2\",endpoint=\"az1-router-1\"} 0.0"), scrape);
        assertTrue(scrape.contains("gameday_run_phase{phase=\"az-down\"} 0"), scrape);
        assertTrue(scrape.contains("gameday_scrub_corruptions_total{stage=\"repaired\"} 0.0"), scrape);
        assertTrue(
                scrape.contains("gameday_run_info{experiment=\"az-power-off\",seed=\"42\",store_bug=\"none\","
                        + "time_scale=\"0.25\"} 1"),
                scrape);
        assertTrue(scrape.contains("gameday_run_expected_seconds 40.0"), scrape);
        assertFalse(scrape.contains("gameday_canary_errors_total"), "errors by reason appear with the first error");
    }

    @Test
    void gaugesStillReadAfterNothingElseHoldsTheRunsMetrics() {
        PrometheusMeterRegistry alone = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        startAndEnterDone(alone);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        String scrape = alone.scrape();
        assertTrue(scrape.contains("gameday_run_phase{phase=\"done\"} 1"), scrape);
        assertFalse(scrape.contains("NaN"), scrape);
    }

    /** A LiveMetrics nothing refers to once this returns, as after a run. */
    private static void startAndEnterDone(PrometheusMeterRegistry registry) {
        LiveMetrics unreferenced = new LiveMetrics(registry);
        unreferenced.runStarted(new RunInfo(
                "e",
                1,
                1,
                List.of(),
                null,
                List.of("az1"),
                List.of("az1-router-1"),
                List.of("read"),
                List.of("steady", "done"),
                List.of(),
                () -> 0L,
                () -> Duration.ofSeconds(1)));
        unreferenced.phaseStarted("done");
    }

    @Test
    void eventsMoveTheirMeters() {
        start();
        metrics.phaseStarted("az-down");
        call("az1", "read", 3, OpType.OK, null);
        call("az1", "write", 40, OpType.INFO, "timeout");
        call("az1", "cas", 2, OpType.FAIL, "ConditionalCheckFailedException"); // the condition was false: a success
        metrics.canaryCompleted(
                new Op(0, 0, 9, OpType.INVOKE, "final-read", null, null, Map.of()),
                new Op(1, 5, 9, OpType.OK, "final-read", null, null, Map.of()));
        metrics.faultStarted(powerOff, List.of("az1-storage-1"));
        metrics.alarmRaised("az1", "az1-router-1");
        clock.set(Duration.ofMillis(12_500).toNanos());
        String during = scrape();
        assertTrue(
                during.contains("gameday_canary_requests_total{az=\"az1\",endpoint=\"az1-router-1\",op=\"read\","
                        + "outcome=\"success\"} 1.0"),
                during);
        assertTrue(
                during.contains("gameday_canary_requests_total{az=\"az1\",endpoint=\"az1-router-1\",op=\"write\","
                        + "outcome=\"error\"} 1.0"),
                during);
        assertTrue(
                during.contains("gameday_canary_requests_total{az=\"az1\",endpoint=\"az1-router-1\",op=\"cas\","
                        + "outcome=\"success\"} 1.0"),
                during);
        assertTrue(
                during.contains("gameday_canary_errors_total{az=\"az1\",endpoint=\"az1-router-1\","
                        + "error=\"timeout\",op=\"write\"} 1.0"),
                during);
        assertTrue(
                during.contains("gameday_canary_latency_seconds_bucket{az=\"az1\",endpoint=\"az1-router-1\","
                        + "op=\"write\",outcome=\"error\",le=\"0.044739241\"} 1"),
                during);
        assertTrue(
                during.contains("gameday_fault_active{fault=\"1\",phase=\"az-down\",target=\"az az1\","
                        + "type=\"power-off\"} 1"),
                during);
        assertTrue(during.contains("gameday_faults_injected_total{type=\"power-off\"} 1.0"), during);
        assertTrue(during.contains("gameday_alarm_active{az=\"az1\",endpoint=\"az1-router-1\"} 1"), during);
        assertTrue(during.contains("gameday_run_phase{phase=\"az-down\"} 1"), during);
        assertTrue(during.contains("gameday_run_phase{phase=\"steady\"} 0"), during);
        assertTrue(during.contains("gameday_run_elapsed_seconds 12.5"), during);
        assertFalse(during.contains("final-read"), "the final reads are not canary traffic");

        metrics.faultHealed(powerOff);
        metrics.alarmCleared("az1", "az1-router-1");
        metrics.scrubFinished(new ScrubSummary(3, 1, 2, 2, 1, false, List.of("one left")));
        metrics.runFinished("fail");
        clock.set(Duration.ofSeconds(99).toNanos());
        String after = scrape();
        assertTrue(
                after.contains("gameday_fault_active{fault=\"1\",phase=\"az-down\",target=\"az az1\","
                        + "type=\"power-off\"} 0"),
                after);
        assertTrue(after.contains("gameday_alarm_active{az=\"az1\",endpoint=\"az1-router-1\"} 0"), after);
        assertTrue(after.contains("gameday_alarms_raised_total{az=\"az1\",endpoint=\"az1-router-1\"} 1.0"), after);
        assertTrue(after.contains("gameday_scrub_corruptions_total{stage=\"detected\"} 2.0"), after);
        assertTrue(after.contains("gameday_scrub_corruptions_total{stage=\"repaired\"} 1.0"), after);
        assertTrue(after.contains("gameday_scrub_mismatches_total 1.0"), after);
        assertTrue(after.contains("gameday_run_elapsed_seconds 12.5"), "elapsed stops with the run: " + after);
    }

    /**
     * What a canary call pays for the metrics (measured, not asserted tightly: a loaded CI machine varies). On
     * this project's 2-core machines it was about 100 ns, one thread alone, against calls of a millisecond and more.
     */
    @Test
    void aCanaryCallPaysLittleForItsMetrics() {
        start();
        Map<String, Object> where = Map.of("az", "az1", "endpoint", "az1-router-1");
        Op invocation = new Op(0, 1_000_000, 7, OpType.INVOKE, "read", "r1", null, where);
        Op completion = new Op(1, 2_500_000, 7, OpType.OK, "read", "r1", 3L, where);
        int calls = 200_000;
        for (int i = 0; i < calls; i++) {
            metrics.canaryCompleted(invocation, completion); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            metrics.canaryCompleted(invocation, completion);
        }
        double nanosPerCall = (System.nanoTime() - start) / (double) calls;
        System.out.printf("live metrics: %.0f ns per canary call%n", nanosPerCall);
        assertTrue(nanosPerCall < 50_000, nanosPerCall + " ns per call");
        assertTrue(scrape().contains("op=\"read\",outcome=\"success\"} " + (2.0 * calls)), "every call counted");
    }
}
