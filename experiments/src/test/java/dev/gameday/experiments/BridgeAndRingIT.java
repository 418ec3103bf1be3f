package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** A bridge partition, then a ring, on six nodes. */
@GamedayExperiment("experiments/bridge-and-ring.yaml")
class BridgeAndRingIT extends ExperimentPassesOnTheCorrectStore {}
