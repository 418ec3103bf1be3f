package dev.gameday.experiments;

import dev.gameday.cluster.PowerOffMode;
import dev.gameday.junit.GamedayExperiment;
import org.junit.jupiter.api.Disabled;

/** An AZ, a random node and the whole cluster lose power, with the writes their disks had not synced. */
@Disabled(PowerLossIT.NOT_YET)
@GamedayExperiment(value = "experiments/power-loss.yaml", powerOff = PowerOffMode.POWER_LOSS)
class PowerLossIT extends ExperimentPassesOnTheCorrectStore {

  /** Why this test and the two power-loss catches are off, and what turns them on again. */
  static final String NOT_YET = "Off until the correct store keeps its steady state over the fault filesystem: with "
      + "--power-off power-loss, power-loss.yaml had 45% of calls succeed from the first second, before any fault "
      + "(FUSE for all three nodes served inside the harness JVM on 2 cores). Enable when power-loss.yaml passes on "
      + "the correct store at time scale 0.25 (e.g. each node's filesystem served by a process of its own), then "
      + "run the two catches and keep them only if each FAILs with lost writes listed";
}
