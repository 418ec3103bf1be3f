package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.PowerOffMode;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Power loss against a store whose Raft log acknowledges entries before their fsync returns: when every node
 * loses power at once, while every replica's fsync hangs, the entries a majority acknowledged from page caches are
 * gone. A SIGKILL-only power-off keeps the page cache and cannot see this. Nightly, not in the gate: it failed in
 * every run at time scale 0.25 since the hang before the cut (experiments/README.md, "Power-off and power loss"),
 * but in too few runs yet for a gate that must never fail on chance.
 */
@Tag("docker")
@GamedayExperiment(
        value = "experiments/power-loss.yaml",
        storeBugs = StoreBug.RAFT_LOG_UNSAFE_FLUSH,
        powerOff = PowerOffMode.POWER_LOSS)
class RaftLogUnsafeFlushIsCaughtNightly {

    /**
     * The run fails with what the cut took: acknowledged writes whose loss the history shows, or, when the entries
     * lost were acknowledged writes that later writes hid (a register written again) or not client writes, every
     * replica behind what the archive had already taken from them (the scrub's "differs from archive reference").
     */
    @Test
    void failsWithTheLostWritesListedOrEveryReplicaBehindTheArchive(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        boolean replicasBehindArchive =
                results.scrub().problems().stream().anyMatch(p -> p.contains("differs from archive reference"));
        assertTrue(
                !results.lostWrites().isEmpty() || replicasBehindArchive,
                () -> "no lost write listed, no replica behind the archive: " + results.reasons());
    }
}
