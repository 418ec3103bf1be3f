package dev.gameday.schedule;

import dev.gameday.experiment.ClusterShape;
import java.util.ArrayList;
import java.util.List;

/** The members of a running (or about to run) cluster: storage nodes and request routers, each in an AZ. */
public record Topology(List<Member> storageNodes, List<Member> routers) {

    public record Member(String name, String az) {}

    public Topology {
        storageNodes = List.copyOf(storageNodes);
        routers = List.copyOf(routers);
    }

    /** The topology a cluster of this shape has, with the names {@link ClusterShape} gives its members. */
    public static Topology fromShape(ClusterShape shape) {
        List<Member> nodes = new ArrayList<>();
        List<Member> routers = new ArrayList<>();
        for (String az : shape.azs()) {
            for (int i = 1; i <= shape.storageNodesPerAz(); i++) {
                nodes.add(new Member(ClusterShape.storageNodeName(az, i), az));
            }
            for (int i = 1; i <= shape.routersPerAz(); i++) {
                routers.add(new Member(ClusterShape.routerName(az, i), az));
            }
        }
        return new Topology(nodes, routers);
    }

    /**
     * The members canaries send their requests to, each behind its own client path on the fault proxy: the routers,
     * or, in a system without routers (etcd), the storage nodes themselves, each its own entry.
     */
    public List<Member> clientEntries() {
        return routers.isEmpty() ? storageNodes : routers;
    }

    /** Whether canaries talk to the storage nodes directly (a system without routers), so a node has a client path. */
    public boolean nodesServeClients() {
        return routers.isEmpty();
    }

    /** Names of the {@link #clientEntries()} in {@code az}. */
    public List<String> clientEntryNames(String az) {
        return clientEntries().stream()
                .filter(m -> m.az().equals(az))
                .map(Member::name)
                .toList();
    }

    /** Storage node names in {@code az}, or in the whole cluster when {@code az} is null. */
    public List<String> storageNodeNames(String az) {
        return storageNodes.stream()
                .filter(m -> az == null || m.az().equals(az))
                .map(Member::name)
                .toList();
    }

    public String azOf(String member) {
        for (Member m : storageNodes) {
            if (m.name().equals(member)) {
                return m.az();
            }
        }
        for (Member m : routers) {
            if (m.name().equals(member)) {
                return m.az();
            }
        }
        throw new IllegalArgumentException("no cluster member named '" + member + "'");
    }
}
