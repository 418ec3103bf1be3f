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
        List<String> azs = shape.azs().stream().sorted().limit(REPLICAS).toList();
        for (int ordinal = 1; ordinal <= shape.storageNodesPerAz(); ordinal++) {
            List<String> group = new ArrayList<>();
            for (String az : azs) {
                group.add(ClusterShape.storageNodeName(az, ordinal));
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
