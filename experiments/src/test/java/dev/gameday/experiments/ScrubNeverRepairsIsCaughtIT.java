package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bit rot against a store whose scrub reports corruption but never repairs it: the run must fail
 * because the injected corruptions were detected but not repaired, and the final scrub is not clean.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/bit-rot.yaml", storeBugs = StoreBug.SCRUB_NEVER_REPAIRS)
class ScrubNeverRepairsIsCaughtIT {

    @Test
    void failsWithTheCorruptionLeftUnrepaired(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertTrue(results.scrub().corruptionsDetected() > 0, () -> "detected: " + results.scrub());
        assertTrue(
                results.scrub().repaired() < results.scrub().corruptionsInjected(), () -> "scrub: " + results.scrub());
        assertFalse(results.scrub().clean(), () -> "scrub: " + results.scrub());
        assertTrue(
                results.reasons().stream().anyMatch(r -> r.startsWith("scrub: repaired")),
                () -> "reasons: " + results.reasons());
    }
}
