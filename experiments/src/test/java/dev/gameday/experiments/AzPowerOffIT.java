package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gameday.cluster.PowerOffMode;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import org.junit.jupiter.api.Test;

/** Every node of one AZ off under traffic, then back on. */
@GamedayExperiment("experiments/az-power-off.yaml")
class AzPowerOffIT extends ExperimentPassesOnTheCorrectStore {

    /** The run's records say what kind of power-off it was: here the default, SIGKILL (unsynced writes kept). */
    @Test
    void eachPowerOffSaysItKeptUnsyncedWrites(Results results) {
        FaultReport powerOff = results.faults().get(0);
        assertEquals("power-off", powerOff.type());
        assertEquals(powerOff.nodes().stream().map(PowerOffMode::sigkillChange).toList(), powerOff.changes());
    }
}
