package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.ScrubSummary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a corruption experiment must show on the correct store: a pass, every injected corruption
 * detected and repaired, the final scrub clean, nothing lost. A subclass names its file.
 */
@Tag("docker")
abstract class CorruptionIsFoundAndRepaired {

    @Test
    void everyCorruptionIsDetectedAndRepaired(Results results) {
        ScrubSummary scrub = results.scrub();
        assertTrue(scrub.corruptionsInjected() > 0, "the nemesis corrupted something: " + results.faults());
        assertEquals(scrub.corruptionsInjected(), scrub.corruptionsDetected(), () -> "detected: " + scrub.problems());
        assertEquals(scrub.corruptionsInjected(), scrub.repaired(), () -> "repaired: " + scrub.problems());
        assertTrue(scrub.clean(), () -> "final scrub: " + scrub.problems());
        assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
        assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
    }
}
