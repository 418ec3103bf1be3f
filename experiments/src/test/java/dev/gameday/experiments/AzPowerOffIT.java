package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every node of one AZ loses power under traffic, then comes back on. */
@GamedayExperiment("experiments/az-power-off.yaml")
class AzPowerOffIT extends ExperimentPassesOnTheCorrectStore {

    private static final Pattern DROPPED = Pattern.compile("(\\S+) dropped (\\d+) unsynced bytes in \\d+ files.*");

    /**
     * The store's default power-off is a power loss, and it did what it claims: each node powered off lost writes
     * it had not synced (RocksDB's write-ahead log is never synced per write, so a node under canary traffic always
     * has some), and the run still passed.
     */
    @Test
    void eachPowerOffDroppedWhatTheNodeHadNotSynced(Results results) {
        FaultReport powerOff = results.faults().get(0);
        assertEquals("power-off", powerOff.type());
        for (String node : powerOff.nodes()) {
            long dropped = powerOff.changes().stream()
                    .map(DROPPED::matcher)
                    .filter(Matcher::matches)
                    .filter(m -> m.group(1).equals(node))
                    .mapToLong(m -> Long.parseLong(m.group(2)))
                    .sum();
            assertTrue(dropped > 0, node + " lost no unsynced bytes at its power-off: " + powerOff.changes());
        }
    }
}
