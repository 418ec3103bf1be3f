package dev.gameday.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.PartitionSpec.Shape;
import dev.gameday.schedule.ReplicaGroups;
import dev.gameday.schedule.Topology;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PartitionShapesTest {
    private static final Topology THREE =
            Topology.fromShape(new ClusterShape(List.of("az1", "az2", "az3"), 1, 1, List.of()));
    private static final Topology SIX =
            Topology.fromShape(new ClusterShape(List.of("az1", "az2", "az3"), 2, 1, List.of()));

    private static Set<String> of(List<Block> blocks) {
        return blocks.stream().map(Block::toString).collect(Collectors.toSet());
    }

    /** Whether a can reach b: no block from a to b. */
    private static boolean reaches(List<Block> blocks, String a, String b) {
        return blocks.stream().noneMatch(x -> x.from().equals(a) && x.to().equals(b));
    }

    @Test
    void isolatingANodeCutsItFromPeersAndRoutersBothWays() {
        List<Block> blocks =
                PartitionShapes.blocks(Shape.ISOLATE, List.of("az1-storage-1"), null, THREE, new Random(1));
        for (String other : List.of("az2-storage-1", "az3-storage-1", "az1-router-1", "az2-router-1", "az3-router-1")) {
            assertFalse(reaches(blocks, "az1-storage-1", other), other);
            assertFalse(reaches(blocks, other, "az1-storage-1"), other);
        }
        assertTrue(reaches(blocks, "az2-storage-1", "az3-storage-1"));
        assertTrue(reaches(blocks, Cluster.CLIENTS, "az1-router-1"), "clients still reach every router");
        assertEquals(10, blocks.size());
    }

    @Test
    void isolatingAnAzTakesItsRoutersAndCutsThemFromClients() {
        List<Block> blocks = PartitionShapes.blocks(
                Shape.ISOLATE, List.of("az1-storage-1", "az1-storage-2"), "az1", SIX, new Random(1));
        assertTrue(reaches(blocks, "az1-router-1", "az1-storage-2"), "inside the AZ everything talks");
        assertFalse(reaches(blocks, "az1-router-1", "az2-storage-1"));
        assertFalse(reaches(blocks, Cluster.CLIENTS, "az1-router-1"));
        assertFalse(reaches(blocks, "az1-router-1", Cluster.CLIENTS));
        assertTrue(reaches(blocks, Cluster.CLIENTS, "az2-router-1"));
    }

    @Test
    void halvesKeepRoutersWithTheirAz() {
        List<Block> blocks = PartitionShapes.blocks(Shape.HALVES, List.of("az1-storage-1"), null, THREE, new Random(1));
        assertTrue(reaches(blocks, "az1-router-1", "az1-storage-1"), "the minority's router serves the minority");
        assertFalse(reaches(blocks, "az1-router-1", "az2-storage-1"));
        assertFalse(reaches(blocks, "az2-router-1", "az1-storage-1"));
        assertTrue(reaches(blocks, Cluster.CLIENTS, "az1-router-1"), "clients reach both sides");
    }

    @Test
    void aBridgeSeesBothHalvesWhichDoNotSeeEachOther() {
        List<Block> blocks = PartitionShapes.blocks(Shape.BRIDGE, List.of("az1-storage-1"), null, THREE, new Random(1));
        assertEquals(Set.of("az2-storage-1-/->az3-storage-1", "az3-storage-1-/->az2-storage-1"), of(blocks));
        assertThrows(
                IllegalArgumentException.class,
                () -> PartitionShapes.blocks(
                        Shape.BRIDGE, List.of("az1-storage-1", "az2-storage-1"), null, THREE, new Random(1)));
    }

    @Test
    void aRingLeavesEachNodeItsTwoNeighboursAndIsSeeded() {
        List<Block> blocks = PartitionShapes.blocks(Shape.RING, List.of(), null, SIX, new Random(7));
        for (String node : SIX.storageNodeNames(null)) {
            long reachable = SIX.storageNodeNames(null).stream()
                    .filter(other -> !other.equals(node) && reaches(blocks, node, other))
                    .count();
            assertEquals(2, reachable, node);
        }
        assertEquals(of(blocks), of(PartitionShapes.blocks(Shape.RING, List.of(), null, SIX, new Random(7))));
        assertThrows(
                IllegalArgumentException.class,
                () -> PartitionShapes.blocks(Shape.RING, List.of(), null, THREE, new Random(1)));
    }

    @Test
    void aRingLeavesEveryReplicationGroupTwoReplicasThatTalk() {
        ReplicaGroups groups = new ReplicaGroups(SIX);
        assertEquals(
                List.of(
                        List.of("az1-storage-1", "az2-storage-1", "az3-storage-1"),
                        List.of("az1-storage-2", "az2-storage-2", "az3-storage-2")),
                groups.groups());
        // Seed 3164 is the ring bridge-and-ring drew with --seed 102 (fault 2: 102 * 31 + 2), a quorum loss before.
        for (long seed : new long[] {3164, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}) {
            List<Block> blocks = PartitionShapes.blocks(Shape.RING, List.of(), null, SIX, new Random(seed));
            for (List<String> group : groups.groups()) {
                boolean talk = group.stream()
                        .anyMatch(a -> group.stream()
                                .anyMatch(b -> !a.equals(b) && reaches(blocks, a, b) && reaches(blocks, b, a)));
                assertTrue(talk, "seed " + seed + ": two replicas of " + group + " talk; blocked " + of(blocks));
            }
        }
    }

    @Test
    void everyStoreShapeWithFourNodesOrMoreHasARingThatKeepsItsGroups() {
        // What the load-time check accepts: the store places one replica of each group in each of three AZs.
        for (int perAz = 2; perAz <= 5; perAz++) {
            Topology shape = Topology.fromShape(new ClusterShape(List.of("az1", "az2", "az3"), perAz, 1, List.of()));
            assertTrue(PartitionShapes.ringKeepsEveryGroup(shape), perAz + " nodes per AZ");
        }
        assertTrue(PartitionShapes.ringKeepsEveryGroup(
                Topology.fromShape(new ClusterShape(List.of("az1", "az2", "az3", "az4"), 1, 1, List.of()))));
        assertFalse(PartitionShapes.ringKeepsEveryGroup(THREE), "three nodes make no ring");
    }

    @Test
    void oneWayBlocksOnlyTheTargetsOutgoingDirection() {
        List<Block> blocks =
                PartitionShapes.blocks(Shape.ONE_WAY, List.of("az1-storage-1"), null, THREE, new Random(1));
        assertEquals(Set.of("az1-storage-1-/->az2-storage-1", "az1-storage-1-/->az3-storage-1"), of(blocks));
    }
}
