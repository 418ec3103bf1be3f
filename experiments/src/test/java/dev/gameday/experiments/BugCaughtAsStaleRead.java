package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gameday.checker.Verdict;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Test;

/**
 * A deliberate bug that serves old values: the run fails, the linearizability checker says why, and results.json
 * holds the counterexample. A subclass names the file and the bug with {@code @GamedayExperiment}.
 */
abstract class BugCaughtAsStaleRead {

    @Test
    void failsWithANonLinearizableReadAndItsCounterexample(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertEquals(Verdict.INVALID, results.linearizability().verdict(), () -> "reasons: " + results.reasons());
        assertNotNull(results.linearizability().counterexample(), "results.json shows the counterexample");
    }
}
