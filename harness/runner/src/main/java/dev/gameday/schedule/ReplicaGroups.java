package dev.gameday.schedule;

import dev.gameday.experiment.ClusterShape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which storage nodes replicate together, as the store places them (its {@code ReplicationGroups}): every group
 * has one replica in each of the first three AZs by name, group k on the node with ordinal {@code k mod
 * storageNodesPerAz + 1}. So the nodes of one ordinal across those AZs form a group, and a group keeps its quorum
 * while at most one of its three replicas is down or cut off. Nodes of further AZs hold no replicas.
 */
public final class ReplicaGroups {
    private static final int REPLICAS = 3;

    private final List<List<String>> groups = new ArrayList<>();

    public ReplicaGroups(ClusterShape shape) {
        this(Topology.fromShape(shape));
    }

    /** The groups of a cluster with these members: the n-th node of each of the first three AZs by name. */
    public ReplicaGroups(Topology topology) {
        List<List<String>> byAz = topology.storageNodes().stream()
                .map(Topology.Member::az)
                .distinct()
                .sorted()
                .limit(REPLICAS)
                .map(topology::storageNodeNames)
                .toList();
        int perAz = byAz.stream().mapToInt(List::size).min().orElse(0);
        for (int ordinal = 0; ordinal < perAz; ordinal++) {
            List<String> group = new ArrayList<>();
            for (List<String> nodes : byAz) {
                group.add(nodes.get(ordinal));
            }
            groups.add(List.copyOf(group));
        }
    }

    public List<List<String>> groups() {
        return List.copyOf(groups);
    }

    /** Whether every group still has a majority of replicas outside {@code impaired}. */
    public boolean everyGroupKeepsMajority(Collection<String> impaired) {
        for (List<String> group : groups) {
            long down = group.stream().filter(impaired::contains).count();
            if ((group.size() - down) * 2 <= group.size()) {
                return false;
            }
        }
        return true;
    }
}
