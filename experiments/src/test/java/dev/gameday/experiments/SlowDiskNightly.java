package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/**
 * Slow Raft-log fsyncs under a partition leader, then a slow disk under every file of one node: slower, no errors,
 * nothing lost. Nightly only, for time (about 2 minutes with boot at time scale 0.25); the gate has no room.
 */
@GamedayExperiment("experiments/slow-disk.yaml")
class SlowDiskNightly extends ExperimentPassesOnTheCorrectStore {}
