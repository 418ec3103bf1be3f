package dev.gameday.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.cluster.RunningGamedayStore;
import dev.gameday.cluster.StoreCluster;
import org.junit.jupiter.api.Test;

/**
 * A shipped experiment of the Gameday store ({@code system: gameday-store}, the default): it passes
 * ({@link ExperimentPassesOnACorrectSystem}) and leaves the store whole. A subclass names its file with
 * {@code @GamedayExperiment}.
 */
abstract class ExperimentPassesOnTheCorrectStore extends ExperimentPassesOnACorrectSystem {

    /** The extension keeps the healed cluster running for the class: it must be whole again. */
    @Test
    void theHealedClusterIsWhole(RunningGamedayStore store) {
        StoreCluster cluster = store.containers();
        cluster.nodes().forEach(node -> assertTrue(cluster.isRunning(node.id()), node.id() + " runs"));
        assertTrue(
                cluster.leaders().keySet().containsAll(cluster.dataGroups()),
                () -> "every replication group has a leader: " + cluster.leaders());
    }
}
