package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gameday.checker.Verdict;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.junit.GamedayExperiment.StoreBug;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each partition leader cut off from its followers, against the store as it was before issue 10's fix:
 * ConsistentRead trusts Ratis 3.2.0's ReadIndex, so a deposed leader that does not know it yet answers from
 * before the new leader's writes. The bug bridge-and-ring found by chance once in three runs; leader-minority
 * is the shape aimed at it, and must catch it with a counterexample.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/leader-minority.yaml", storeBugs = StoreBug.RATIS_READ_INDEX)
class DeposedLeaderReadIsCaughtIT {

  @Test
  void failsWithANonLinearizableReadAndItsCounterexample(Results results) {
    assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
    assertEquals(Verdict.INVALID, results.linearizability().verdict(), () -> "reasons: " + results.reasons());
    assertNotNull(results.linearizability().counterexample(), "results.json shows the counterexample");
  }
}
