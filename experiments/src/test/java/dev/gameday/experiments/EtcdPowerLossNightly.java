package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.PowerOffMode;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import org.junit.jupiter.api.Test;

/**
 * etcd loses power (an AZ, a random member, the whole cluster) with the WAL writes its members had not synced
 * dropped. Nightly only, as {@link PowerLossNightly}: a whole-cluster power loss and its recovery take about 3
 * minutes at time scale 0.25.
 */
@GamedayExperiment(value = "experiments/etcd-power-loss.yaml", powerOff = PowerOffMode.POWER_LOSS)
class EtcdPowerLossNightly extends ExperimentPassesOnACorrectEtcd {

    /**
     * The whole-cluster cut came while every member's WAL fsync hung: some member lost written, unsynced bytes, or
     * the run proved nothing about etcd's fsyncs.
     */
    @Test
    void theWholeClusterCutDroppedUnsyncedBytes(Results results) {
        FaultReport wholeCluster = results.faults().stream()
                .filter(f -> f.type().equals("power-off") && f.nodes().size() == 3)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no whole-cluster power-off in " + results.faults()));
        assertTrue(
                wholeCluster.changes().stream().anyMatch(c -> c.matches("\\S+ dropped [1-9][0-9]* unsynced bytes.*")),
                () -> "the whole-cluster power loss dropped nothing: " + wholeCluster.changes());
    }
}
