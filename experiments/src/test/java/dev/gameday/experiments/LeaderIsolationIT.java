package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** The leader of a partition cut off from peers and routers. */
@GamedayExperiment("experiments/leader-isolation.yaml")
class LeaderIsolationIT extends ExperimentPassesOnTheCorrectStore {}
