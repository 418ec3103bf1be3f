package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every shipped experiment must show on a correct system, whichever its file names in {@code system:}: a pass,
 * with writes acknowledged and none lost, every key linearizable, scrub clean. A subclass names its file with
 * {@code @GamedayExperiment} and says what "whole again" means for its system.
 */
@Tag("docker")
abstract class ExperimentPassesOnACorrectSystem {

    @Test
    void passesOnTheCorrectSystem(Results results) {
        assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
        assertNotNull(results.acknowledgedWrites(), "durability was checked");
        assertTrue(results.acknowledgedWrites() > 0, "the canary got writes acknowledged");
        assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
        assertEquals(0, results.scrub().mismatches(), "scrub found replicas equal");
        assertTrue(
                results.scrub().clean(), () -> "final scrub: " + results.scrub().problems());
    }
}
