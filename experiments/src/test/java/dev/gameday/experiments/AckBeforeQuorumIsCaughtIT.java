package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.junit.GamedayExperiment.StoreBug;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same power-offs against a store that acknowledges writes before a quorum has them: the
 * harness must fail the run and list the lost writes, or it could not catch the real thing.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/az-power-off.yaml", storeBugs = StoreBug.ACK_BEFORE_QUORUM)
class AckBeforeQuorumIsCaughtIT {

  @Test
  void failsWithTheLostWritesListed(Results results) {
    assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
    assertFalse(results.lostWrites().isEmpty(), "results.json lists the lost writes");
  }
}
