package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Random nodes off and on repeatedly, partition leaders paused. */
@GamedayExperiment("experiments/random-power-offs.yaml")
class RandomPowerOffsIT extends ExperimentPassesOnTheCorrectStore {}
