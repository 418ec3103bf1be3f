package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Each partition's leader cut off from its followers while clients still reach it. */
@GamedayExperiment("experiments/leader-minority.yaml")
class LeaderMinorityIT extends ExperimentPassesOnTheCorrectStore {}
