package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gameday.checker.Verdict;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.store.api.bugs.StoreBug;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Split-brain partitions against a store whose ConsistentRead is served by any replica: the
 * minority's router reads its own AZ's replica, which no longer hears the leader, so reads return
 * values older than acknowledged writes. The linearizability checker must say so, with the reads
 * and writes that prove it.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/majority-minority-flap.yaml", storeBugs = StoreBug.STALE_CONSISTENT_READ)
class StaleConsistentReadIsCaughtIT {

    @Test
    void failsWithANonLinearizableReadAndItsCounterexample(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertEquals(Verdict.INVALID, results.linearizability().verdict(), () -> "reasons: " + results.reasons());
        assertNotNull(results.linearizability().counterexample(), "results.json shows the counterexample");
    }
}
