package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.FaultReport;
import dev.gameday.report.Results;
import dev.gameday.report.ScrubSummary;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A member's bbolt file corrupted at rest (system: etcd), then replaced as etcd's runbook says
 * ({@code repair: replace-member}). Only in the nightly profile ({@code -Pnightly}): the gate must stay under 45
 * minutes. Whichever way etcd shows the corruption (the member exits, or its CORRUPT alarm stops every write), the run
 * passes and the cluster is whole again; the scrub counts the corruption detected by etcd and repaired by its operator,
 * and every step of that repair is among the fault's changes with its time.
 */
@Tag("docker")
@GamedayExperiment("experiments/etcd-bit-rot.yaml")
class EtcdBitRotNightly extends ExperimentPassesOnACorrectEtcd {

    @Test
    void theCorruptionIsDetectedByEtcdAndRepairedByItsOperator(Results results) {
        ScrubSummary scrub = results.scrub();
        assertTrue(scrub.corruptionsInjected() > 0, "the nemesis corrupted something: " + results.faults());
        assertTrue(scrub.detectOnly(), "etcd leaves repairs to its operator");
        assertEquals(
                scrub.corruptionsInjected(), scrub.corruptionsDetected(), () -> "detected: " + scrub.corruptions());
        assertEquals(scrub.corruptionsInjected(), scrub.repaired(), () -> "replaced: " + scrub.corruptions());
        for (ScrubSummary.CorruptionVerdict verdict : scrub.corruptions()) {
            assertNotNull(verdict.operatorRepair(), () -> "the operator's repair is named: " + verdict);
            assertTrue(verdict.operatorRepair().startsWith("detected: etcd "), verdict.operatorRepair());
        }
        FaultReport fault = results.faults().get(0);
        List<String> repair = fault.changes().stream()
                .filter(change -> change.startsWith("repair at +"))
                .toList();
        for (String step : List.of("detected: ", "member remove ", "member add ", "started with", "alarm disarm")) {
            assertTrue(repair.stream().anyMatch(r -> r.contains(step)), () -> "'" + step + "' in " + repair);
        }
    }
}
