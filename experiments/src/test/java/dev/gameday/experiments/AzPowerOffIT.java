package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/** Every node of one AZ off under traffic, then back on. */
@GamedayExperiment("experiments/az-power-off.yaml")
class AzPowerOffIT extends ExperimentPassesOnTheCorrectStore {}
