package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Random nodes off and on repeatedly, leaders paused: nothing lost, linearizable, scrub clean. */
@Tag("docker")
@GamedayExperiment("experiments/random-power-offs.yaml")
class RandomPowerOffsIT {

  @Test
  void passesOnTheCorrectStore(Results results) {
    assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
    assertTrue(results.acknowledgedWrites() > 0, "the canary got writes acknowledged");
    assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
  }
}
