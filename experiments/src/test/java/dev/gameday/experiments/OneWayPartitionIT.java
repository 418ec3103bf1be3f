package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** A leader that cannot reach its peers while they reach it. */
@GamedayExperiment("experiments/one-way-partition.yaml")
class OneWayPartitionIT extends ExperimentPassesOnTheCorrectStore {}
