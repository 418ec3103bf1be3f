package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.RunningGamedayStore;
import dev.gameday.cluster.StoreCluster;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Storage nodes' clocks moved (offset ahead and back, strobe, drift) while the store keeps its guarantees; and
 * the faults did move the clocks: each injection read the node's wall clock back from inside it, and after the
 * run every node reads real time again.
 */
@Disabled("Off until a cluster boots with libfaketime preloaded: the only run had no leader in every group within 4"
        + " minutes (Ratis JVM pauses of 0.3-0.7 s from libfaketime 0.9.10's monotonic path). Enable when clock-skew.yaml"
        + " passes at time scale 0.25 with FAKETIME_FORCE_MONOTONIC_FIX=0 (set since, not yet run on a cluster) and"
        + " its duration fits the 45-minute gate")
@GamedayExperiment("experiments/clock-skew.yaml")
class ClockSkewIT extends ExperimentPassesOnTheCorrectStore {

    private static final Pattern READ_BACK = Pattern.compile("wall clock read in the node ([+-][0-9.]+)s");
    /** A docker exec takes up to a second or two on a busy machine; the read-back is only as exact as that. */
    private static final double TOLERANCE_SECONDS = 3;

    @Test
    void eachOffsetWasReadBackInTheNode(Results results) {
        Map<String, Double> expectedSeconds = Map.of(
                "clock offset by 5m (wall)",
                300.0,
                "clock offset by -90s (wall)",
                -90.0,
                "clock strobe by 20s every 4s (wall)",
                20.0);
        List<FaultReport> clockFaults =
                results.faults().stream().filter(f -> f.type().equals("clock")).toList();
        assertEquals(4, clockFaults.size(), () -> "clock faults: " + clockFaults);
        for (FaultReport fault : clockFaults) {
            assertTrue(fault.error() == null && !fault.changes().isEmpty(), () -> "injected: " + fault);
            Double expected = expectedSeconds.get(fault.what());
            for (String change : fault.changes()) {
                Matcher read = READ_BACK.matcher(change);
                assertTrue(read.find(), () -> "read back: " + change);
                double seen = Double.parseDouble(read.group(1));
                double wanted = expected == null ? 0 : expected; // a drift starts from real time
                assertTrue(Math.abs(seen - wanted) <= TOLERANCE_SECONDS, () -> fault.what() + ": " + change);
            }
        }
    }

    @Test
    void everyNodeReadsRealTimeAfterTheRun(RunningGamedayStore store) {
        StoreCluster cluster = store.containers();
        for (StoreCluster.Node node : cluster.nodes()) {
            long before = System.currentTimeMillis();
            var date = cluster.exec(node.id(), List.of("date", "+%s%3N"));
            long after = System.currentTimeMillis();
            long nodeMillis = Long.parseLong(date.getStdout().strip());
            assertTrue(
                    nodeMillis >= before - 1000 && nodeMillis <= after + 1000,
                    () -> node.id() + " reads " + nodeMillis + ", the harness " + before + ".." + after);
        }
    }
}
