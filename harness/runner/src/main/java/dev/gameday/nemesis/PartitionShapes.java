package dev.gameday.nemesis;

import dev.gameday.experiment.PartitionSpec;
import dev.gameday.schedule.ReplicaGroups;
import dev.gameday.schedule.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns a partition shape and its target nodes into {@link Block}s. Pure: the same shape, targets,
 * topology and random source give the same blocks, so a seeded run cuts the same links again.
 */
public final class PartitionShapes {
    private static final int RING_DRAWS = 1000;

    private PartitionShapes() {}

    /**
     * @param targets the storage nodes the fault targets (for an AZ target, every node of the AZ)
     * @param wholeAz the AZ when the target is a whole AZ: its routers are then isolated with its
     *                nodes, and from the clients; null otherwise
     * @param random  decides the halves of a bridge and the order of a ring
     */
    public static List<Block> blocks(
            PartitionSpec.Shape shape, List<String> targets, String wholeAz, Topology topology, Random random) {
        List<String> nodes = topology.storageNodeNames(null);
        List<String> others = nodes.stream().filter(n -> !targets.contains(n)).toList();
        List<String> routers =
                topology.routers().stream().map(Topology.Member::name).toList();
        return switch (shape) {
            case ISOLATE -> isolate(targets, wholeAz, topology, others, routers);
            case HALVES -> halves(targets, topology, others, routers);
            case BRIDGE -> bridge(targets, others, random);
            case RING -> ring(nodes, new ReplicaGroups(topology), random);
            case ONE_WAY -> oneWay(targets, others);
        };
    }

    private static List<Block> isolate(
            List<String> targets, String wholeAz, Topology topology, List<String> others, List<String> routers) {
        Set<String> side = new LinkedHashSet<>(targets);
        Set<String> rest = new LinkedHashSet<>(others);
        List<Block> blocks = new ArrayList<>();
        for (String router : routers) {
            if (wholeAz != null && topology.azOf(router).equals(wholeAz)) {
                side.add(router);
                blocks.addAll(bothWays(router, Cluster.CLIENTS));
            } else {
                rest.add(router);
            }
        }
        blocks.addAll(cut(side, rest));
        return blocks;
    }

    /** Routers go with their AZ: one whose AZ's nodes are all in the minority serves the minority. */
    private static List<Block> halves(
            List<String> minority, Topology topology, List<String> majority, List<String> routers) {
        Set<String> small = new LinkedHashSet<>(minority);
        Set<String> large = new LinkedHashSet<>(majority);
        for (String router : routers) {
            List<String> azNodes = topology.storageNodeNames(topology.azOf(router));
            (minority.containsAll(azNodes) ? small : large).add(router);
        }
        return cut(small, large);
    }

    private static List<Block> bridge(List<String> bridge, List<String> others, Random random) {
        if (bridge.size() != 1) {
            throw new IllegalArgumentException("a bridge partition needs exactly one bridge node, got " + bridge);
        }
        List<String> shuffled = shuffled(others, random);
        int half = shuffled.size() / 2;
        return cut(shuffled.subList(0, half), shuffled.subList(half, shuffled.size()));
    }

    /**
     * Every node talks only to its two neighbours. The order is drawn again (up to {@value #RING_DRAWS} times) until
     * every replication group has two replicas next to each other: Jepsen's ring leaves every node a majority of
     * the cluster, and a store of many groups needs that for each group, or the ring is a quorum loss (seed 102 of
     * bridge-and-ring drew az1-1, az1-2, az3-1, az2-2, az2-1, az3-2, in which no group had two neighbours).
     */
    private static List<Block> ring(List<String> nodes, ReplicaGroups groups, Random random) {
        if (nodes.size() < 4) {
            throw new IllegalArgumentException("a ring partition needs at least 4 storage nodes (with 3 every node"
                    + " is its neighbours' neighbour), the cluster has " + nodes.size());
        }
        List<String> ring = ringOrder(nodes, groups, random);
        int n = ring.size();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int distance = Math.min(j - i, n - (j - i));
                if (distance > 1) {
                    blocks.addAll(bothWays(ring.get(i), ring.get(j)));
                }
            }
        }
        return blocks;
    }

    /**
     * A ring order of {@code nodes} in which every group has two replicas side by side, drawn up to
     * {@value #RING_DRAWS} times; the last draw if none had (which {@link #ringKeepsEveryGroup} refuses at load).
     */
    private static List<String> ringOrder(List<String> nodes, ReplicaGroups groups, Random random) {
        List<String> ring = shuffled(nodes, random);
        for (int draw = 1; draw < RING_DRAWS && !everyGroupHasNeighbours(ring, groups); draw++) {
            ring = shuffled(nodes, random);
        }
        return ring;
    }

    /**
     * Whether a ring of this topology's storage nodes can keep every group two replicas side by side, as found by the
     * same draws a run makes (seeded here): checked when an experiment is loaded, so a ring that could only be a
     * quorum loss is refused before anything starts instead of drawn anyway.
     */
    public static boolean ringKeepsEveryGroup(Topology topology) {
        ReplicaGroups groups = new ReplicaGroups(topology);
        List<String> nodes = topology.storageNodeNames(null);
        return nodes.size() >= 4 && everyGroupHasNeighbours(ringOrder(nodes, groups, new Random(0)), groups);
    }

    static boolean everyGroupHasNeighbours(List<String> ring, ReplicaGroups groups) {
        int n = ring.size();
        for (List<String> group : groups.groups()) {
            boolean neighbours = false;
            for (int i = 0; i < n && !neighbours; i++) {
                neighbours = group.contains(ring.get(i)) && group.contains(ring.get((i + 1) % n));
            }
            if (!neighbours) {
                return false;
            }
        }
        return true;
    }

    private static List<Block> oneWay(List<String> targets, List<String> others) {
        List<Block> blocks = new ArrayList<>();
        for (String from : targets) {
            for (String to : others) {
                blocks.add(new Block(from, to));
            }
        }
        return blocks;
    }

    private static List<Block> cut(Collection<String> a, Collection<String> b) {
        List<Block> blocks = new ArrayList<>();
        for (String x : a) {
            for (String y : b) {
                blocks.addAll(bothWays(x, y));
            }
        }
        return blocks;
    }

    private static List<Block> bothWays(String a, String b) {
        return List.of(new Block(a, b), new Block(b, a));
    }

    private static List<String> shuffled(List<String> names, Random random) {
        List<String> copy = new ArrayList<>(names);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }
}
