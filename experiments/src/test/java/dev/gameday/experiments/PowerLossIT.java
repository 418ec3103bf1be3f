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
            + "--power-off power-loss at time scale 0.25 on 2 cores, power-loss.yaml lost nearly all calls once az1 was cut "
            + "(2 nodes left, slow Raft-log fsync), random-power-offs lost its steady state outside faults; az-power-off and "
            + "leader-power-offs passed (experiments/README.md, Power-off and power loss). Enable when power-loss.yaml "
            + "passes on the correct store, then run the two catches and keep them only if each FAILs with lost writes listed";
}
