package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.ScrubSummary;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A member's bbolt file corrupted at rest (system: etcd). Only in the nightly profile ({@code -Pnightly}): the gate
 * must stay under 45 minutes, and what it shows is etcd's behaviour, not the harness's. etcd repairs nothing, so
 * this asks for detection: the scrub names the corrupted member (and no other), nothing acknowledged is lost.
 */
@Tag("docker")
@Disabled("etcd-bit-rot passed 1 of 2 runs on a correct etcd (2026-12-06): the same seed flips the same block, whose"
        + " contents differ per run; when the flipped bytes still decode, etcd's periodic check raises CORRUPT and etcd"
        + " refuses every write of the cluster until its operator acts (its design), and the steady state fails"
        + " (experiments/README.md). Enable once the file has an operator step that replaces the member and disarms"
        + " the alarm, and the steady state is judged after it.")
@GamedayExperiment("experiments/etcd-bit-rot.yaml")
class EtcdBitRotNightly {

    @Test
    void theCorruptedMemberIsNamedAndNothingIsLost(Results results) {
        ScrubSummary scrub = results.scrub();
        assertTrue(scrub.corruptionsInjected() > 0, "the nemesis corrupted something: " + results.faults());
        assertTrue(scrub.detectOnly(), "etcd leaves repairs to its operator");
        assertEquals(scrub.corruptionsInjected(), scrub.corruptionsDetected(), () -> "detected: " + scrub.problems());
        assertTrue(scrub.clean(), () -> "no member named without a corruption: " + scrub.problems());
        assertTrue(results.acknowledgedWrites() > 0, "the canary got writes acknowledged");
        assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
        assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
    }
}
