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
    static final String NOT_YET = "Off until power loss shows this bug as lost writes: at time scale 0.25 (2026-12-07) "
            + "seeds 4 and 6 passed, and once an fsync in flight at the SIGKILL failed, seed 4 failed only on scrub (a "
            + "replica whose Raft log lost its tail stopped applying) and seed 6 passed, no acknowledged write lost. With "
            + "the cut (every node's disk stops at one instant, before the kills) seeds 4 and 6 passed again. The "
            + "power-loss cuts drop Raft-log tails of 15-2,063 bytes per node and group, too little for a majority to "
            + "lose an acknowledged entry often. Enable, in the nightly profile, when it fails with lost writes listed "
            + "(experiments/README.md)";

    @Test
    void failsWithTheLostWritesListed(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), "results.json lists the lost writes");
    }
}
