package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** An AZ, a random node and the whole cluster lose power, with the writes their disks had not synced. */
@GamedayExperiment("experiments/power-loss.yaml")
class PowerLossIT extends ExperimentPassesOnTheCorrectStore {
}
