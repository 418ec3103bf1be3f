package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An fsync of one node's Raft logs that fails once and then "succeeds" without writing what it failed to (fsyncgate),
 * then a power loss of that node, on az2 and then az3: the node cuts each log at its first bad entry and refills it
 * (the store README, "Storage corruption"), and the run passes. Before that, this file failed on the correct store:
 * a log whose bad entries were in a closed segment did not open ("Found a gap between logs"), and the node's
 * replicas never served again. Nightly only, for time (about 2 minutes with boot and checks at time scale 0.25; the gate has no room).
 */
@GamedayExperiment("experiments/fsync-errors.yaml")
class FsyncErrorsNightly extends ExperimentPassesOnTheCorrectStore {

    /** What the failed fsync left out of a Raft-log segment is never synced afterwards, so each power loss drops it. */
    @Test
    void eachPowerLossDroppedRaftLogBytes(Results results) {
        List<FaultReport> powerOffs = results.faults().stream()
                .filter(f -> f.type().equals("power-off"))
                .toList();
        assertEquals(2, powerOffs.size(), () -> "power-offs: " + powerOffs);
        for (FaultReport fault : powerOffs) {
            assertTrue(
                    fault.changes().stream()
                            .anyMatch(c -> c.matches(".*/current/log_\\S+: [1-9][0-9]* unsynced bytes dropped.*")),
                    () -> "a power loss that dropped bytes of a Raft-log segment: " + fault.changes());
        }
    }
}
