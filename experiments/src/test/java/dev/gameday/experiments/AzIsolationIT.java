package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** A whole AZ cut off from its peers and from clients. */
@GamedayExperiment("experiments/az-isolation.yaml")
class AzIsolationIT extends ExperimentPassesOnTheCorrectStore {}
