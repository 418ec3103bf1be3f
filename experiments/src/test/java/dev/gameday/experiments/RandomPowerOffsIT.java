package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;
import org.junit.jupiter.api.Disabled;

/**
 * Random nodes off and on repeatedly, partition leaders paused. Not yet passing at CI's time
 * scale: its faults come 7 to 15 s apart there, an election after a leader's power-off or pause
 * takes 5 to 8 s on a 2-core machine, so the errors of one fault land in the previous fault's
 * recovery window and the steady-state hypothesis fails (no write lost, linearizable, scrub clean).
 */
@Disabled("fails its recovery hypothesis at time scale 0.25; see the class comment and issue 5's note")
@GamedayExperiment("experiments/random-power-offs.yaml")
class RandomPowerOffsIT extends ExperimentPassesOnTheCorrectStore {
}
