package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.canary.ClientBug;
import dev.gameday.checker.Verdict;
import dev.gameday.junit.GamedayExperiment;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * etcd's leader cut off from both peers while the canary's reads are serializable (answered by whichever member the
 * client talks to, from its own state) but recorded as the linearizable reads the client promises: reads through the
 * cut-off member return values the majority has overwritten since. The linearizability checker must say so with
 * its counterexample; nothing acknowledged is lost (the bug is in the client's reads, not in etcd). Nightly, as
 * every etcd experiment but the gate's one.
 */
@Tag("docker")
@GamedayExperiment(value = "experiments/etcd-leader-isolation.yaml", clientBugs = ClientBug.SERIALIZABLE_READS)
class SerializableReadsOnEtcdAreCaughtNightly {

    @Test
    void failsWithANonLinearizableReadAndItsCounterexample(Results results) {
        assertEquals(RunVerdict.FAIL, results.verdict(), () -> "reasons: " + results.reasons());
        assertEquals(Verdict.INVALID, results.linearizability().verdict(), () -> "reasons: " + results.reasons());
        assertNotNull(results.linearizability().counterexample(), "results.json shows the counterexample");
        assertEquals(0, results.lostWrites().size(), "etcd itself loses nothing: the bug is the client's");
        assertTrue(
                results.deliberateBugs().contains(ClientBug.SERIALIZABLE_READS.optionName()),
                "results.json names the bug");
    }
}
