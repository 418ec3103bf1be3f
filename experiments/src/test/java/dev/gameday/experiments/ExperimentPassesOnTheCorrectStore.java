package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.RunningGamedayStore;
import dev.gameday.cluster.StoreCluster;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every shipped experiment must show on the correct store: a pass, with writes acknowledged
 * and none lost, every key linearizable, scrub clean. A subclass names its file with
 * {@code @GamedayExperiment}.
 */
@Tag("docker")
abstract class ExperimentPassesOnTheCorrectStore {

  @Test
  void passesOnTheCorrectStore(Results results) {
    assertEquals(RunVerdict.PASS, results.verdict(), () -> "reasons: " + results.reasons());
    assertNotNull(results.acknowledgedWrites(), "durability was checked");
    assertTrue(results.acknowledgedWrites() > 0, "the canary got writes acknowledged");
    assertTrue(results.lostWrites().isEmpty(), () -> "lost: " + results.lostWrites());
    assertEquals(0, results.scrub().mismatches(), "scrub found replicas equal");
    assertTrue(results.scrub().clean(), () -> "final scrub: " + results.scrub().problems());
  }

  /** The extension keeps the healed cluster running for the class: it must be whole again. */
  @Test
  void theHealedClusterIsWhole(RunningGamedayStore store) {
    StoreCluster cluster = store.containers();
    cluster.nodes().forEach(node -> assertTrue(cluster.isRunning(node.id()), node.id() + " runs"));
    assertTrue(cluster.leaders().keySet().containsAll(cluster.dataGroups()),
        () -> "every replication group has a leader: " + cluster.leaders());
  }
}
