package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Majority/minority partitions, four times. */
@GamedayExperiment("experiments/majority-minority-flap.yaml")
class MajorityMinorityFlapIT extends ExperimentPassesOnTheCorrectStore {}
