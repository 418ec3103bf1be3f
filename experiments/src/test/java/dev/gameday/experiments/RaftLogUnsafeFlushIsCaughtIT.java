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
@Disabled(RaftLogUnsafeFlushIsCaughtIT.NOT_YET)
@GamedayExperiment(
        value = "experiments/power-loss.yaml",
        storeBugs = StoreBug.RAFT_LOG_UNSAFE_FLUSH,
        powerOff = PowerOffMode.POWER_LOSS)
class RaftLogUnsafeFlushIsCaughtIT {

    /** Why this catch is off, and what turns it on. */
    static final String NOT_YET = "Off until power loss shows this bug every time: with the Raft logs' fsyncs slowed "
            + "to 200 ms for the seconds before the whole-cluster cut (power-loss.yaml since 2026-12-07, stop 35), "
            + "it failed with 1-2 acknowledged writes lost in 5 of 7 runs at time scale 0.25 (seeds 4 and 6 with the "
            + "shipped file, 8, 9 and 10 with a second whole-cluster cut; seed 7 passed with each): whether the batch "
            + "acknowledged while its fsync runs outlives the cut depends on which replica had synced it and which "
            + "wins the election after it. Before, with 30 ms fsyncs, it was not caught at all (seeds 4, 6). A catch "
            + "missed in 2 runs of 7 would be a flaky test; enable it when a schedule fails every run "
            + "(experiments/README.md)";

    @Test
    void failsWithTheLostWritesListed(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), "results.json lists the lost writes");
    }
}
