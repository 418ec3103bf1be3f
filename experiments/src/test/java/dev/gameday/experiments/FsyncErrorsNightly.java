package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.junit.GamedayExperiment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An fsync of Raft logs that fails once and then "succeeds" without writing what it failed to (fsyncgate), then a
 * power loss: of az2's node, then az3's, then both at once while az1's is cut off. The replicas a failed fsync closed
 * restart by writing their log files again, each node cuts a log at its first bad entry and refills it (the store
 * README, "Storage corruption" and "Disk failures"), and the run passes. Before, this file failed on the correct
 * store twice: a log whose bad entries were in a closed segment did not open ("Found a gap between logs"), and the
 * node's replicas never served again; and (the third round) a restarted replica counted what the failed fsync left
 * out as on its disk, so two of them, powered off together, elected each other without entries their group had
 * committed. Nightly only, for time (about 2.5 minutes with boot and checks at time scale 0.25; the gate has no room).
 */
@GamedayExperiment("experiments/fsync-errors.yaml")
class FsyncErrorsNightly extends ExperimentPassesOnTheCorrectStore {

    /**
     * The fault did what it claims: on each gated node a failed fsync closed a replica, and the replica restarted
     * (the node's log, which spans its power-offs). Since those restarts write the log files again, a power loss no
     * longer has to drop what the failed fsync left out, so the dropped bytes are not what this checks.
     */
    @Test
    void aFailedFsyncClosedAReplicaOnEachGatedNodeAndItRestarted(ContainerRun.Result run) throws IOException {
        for (String node : List.of("az2-storage-1", "az3-storage-1")) {
            String log = Files.readString(run.directory().dir().resolve(node + ".log"));
            assertTrue(
                    log.contains("cannot go on (java.io.IOException: Failed to flush"),
                    node + ": no replica closed by a failed fsync");
            assertTrue(log.contains("restarted from its directory"), node + ": no replica restarted");
        }
    }
}
