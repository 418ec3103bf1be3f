package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Latency on every link into a partition leader. */
@GamedayExperiment("experiments/slow-node.yaml")
class SlowNodeIT extends ExperimentPassesOnTheCorrectStore {}
