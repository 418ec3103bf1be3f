package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Each partition leader powered off in turn, then back on. */
@GamedayExperiment("experiments/leader-power-offs.yaml")
class LeaderPowerOffsIT extends ExperimentPassesOnTheCorrectStore {}
