package dev.gameday.experiments;

import dev.gameday.junit.GamedayExperiment;

/**
 * Random nodes off and on repeatedly, a partition leader paused. Only in the nightly profile ({@code -Pnightly}):
 * its schedule is the longest of the shipped files (8 minutes, 2 at the gate's time scale, about 3 with boot and
 * checks), and the gating suite must stay under 45 minutes on a 2-core machine. The gate still powers off leaders
 * ({@code LeaderPowerOffsIT}) and a whole AZ ({@code AzPowerOffIT}); a paused store leader is nightly only.
 */
@GamedayExperiment("experiments/random-power-offs.yaml")
class RandomPowerOffsNightly extends ExperimentPassesOnTheCorrectStore {}
