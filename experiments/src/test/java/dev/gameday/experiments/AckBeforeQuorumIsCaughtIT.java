package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Leader power-offs against a store that acknowledges writes before a quorum has them: the
 * harness must fail the run and list the lost writes, or it could not catch the real thing.
 * (The leader experiment, not the AZ one: an AZ power-off loses writes only if that AZ's node
 * happened to lead a partition at the time.)
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/leader-power-offs.yaml", storeBugs = StoreBug.ACK_BEFORE_QUORUM)
class AckBeforeQuorumIsCaughtIT {

    @Test
    void failsWithTheLostWritesListed(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertFalse(results.lostWrites().isEmpty(), "results.json lists the lost writes");
    }
}
