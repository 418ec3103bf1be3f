package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gameday.cluster.PowerOffMode;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power loss against a store whose Raft log acknowledges entries before their fsync returns: when every node
 * loses power at once, the writes a majority acknowledged from page caches are gone. The run must fail with them
 * listed; a SIGKILL-only power-off keeps the page cache and cannot see this.
 */
@Tag("docker")
@Disabled(PowerLossIT.NOT_YET)
@GamedayExperiment(
        value = "experiments/power-loss.yaml",
        storeBugs = StoreBug.RAFT_LOG_UNSAFE_FLUSH,
        powerOff = PowerOffMode.POWER_LOSS)
class RaftLogUnsafeFlushIsCaughtIT {

    @Test
    void failsWithTheLostWritesListed(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), "results.json lists the lost writes");
    }
}
