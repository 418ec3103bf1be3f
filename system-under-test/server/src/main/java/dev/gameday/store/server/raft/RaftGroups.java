package dev.gameday.store.server.raft;

import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The cluster's {@link ReplicationGroups} as Ratis groups and peers, which the nodes host and the routers call.
 *
 * <p>Each group prefers one of its replicas as leader, spread over the nodes ({@link #preferredLeader}), and the
 * nodes hand each group to its preferred replica when it is healthy ({@code node.LeaderPlacement}). Without that
 * the node that boots first wins every group's first election and keeps all of them (issue 18: one node's power-off
 * then stopped every group, through every router), and a node that comes back after a crash leads nothing. The
 * preference is not a Ratis priority: with priorities, Ratis' elections themselves favour the preferred replica, and
 * while it was cut off or catching up the others' elections were rejected again and again (majority-minority-flap
 * took 37.6 s to recover in the gate); elections here stay plain Raft, all peers equal.
 */
public final class RaftGroups {
    private final ReplicationGroups groups;
    private final Map<String, RaftGroup> groupsByName = new TreeMap<>();
    private final Map<RaftGroupId, String> namesById = new HashMap<>();
    private final Map<String, RaftPeerId> preferredLeaders = new TreeMap<>();

    public RaftGroups(ClusterConfig config) {
        this.groups = new ReplicationGroups(config);
        int position = 0;
        // Name order (data-0 .. data-N, meta) and the replicas' AZ order are the same in every process, so every
        // node and router computes the same preferences.
        for (Map.Entry<String, List<NodeConfig>> e : groups.replicasByGroup().entrySet()) {
            String name = e.getKey();
            List<NodeConfig> replicas = e.getValue();
            // The n-th group prefers its replica in the (n mod 3)-th AZ: leaders rotate over the AZs, and with more
            // than one node per AZ over the nodes too, since consecutive groups take different nodes of an AZ.
            NodeConfig preferred = replicas.get(position % replicas.size());
            position++;
            RaftGroupId id = RaftGroupId.valueOf(ReplicationGroups.groupId(name));
            groupsByName.put(
                    name,
                    RaftGroup.valueOf(
                            id, replicas.stream().map(RaftGroups::peer).toList()));
            namesById.put(id, name);
            preferredLeaders.put(name, RaftPeerId.valueOf(preferred.id()));
        }
    }

    static RaftPeer peer(NodeConfig node) {
        return RaftPeer.newBuilder()
                .setId(node.id())
                .setAddress(node.raftAddress())
                .build();
    }

    /** The replica that should lead the group whenever it is up and has caught up. */
    public RaftPeerId preferredLeader(String group) {
        group(group);
        return preferredLeaders.get(group);
    }

    public List<String> dataGroupNames() {
        return groups.dataGroupNames();
    }

    public RaftGroup metadataGroup() {
        return group(ReplicationGroups.METADATA_GROUP);
    }

    public RaftGroup dataGroup(int index) {
        return group(ReplicationGroups.dataGroupName(index));
    }

    public int dataGroupCount() {
        return groups.dataGroupCount();
    }

    public RaftGroup group(String name) {
        RaftGroup g = groupsByName.get(name);
        if (g == null) {
            throw new IllegalArgumentException("no replication group '" + name + "'; groups: " + groupsByName.keySet());
        }
        return g;
    }

    public String name(RaftGroupId id) {
        String name = namesById.get(id);
        if (name == null) {
            throw new IllegalArgumentException("unknown replication group id " + id);
        }
        return name;
    }

    public Map<String, RaftGroup> groups() {
        return groupsByName;
    }

    /** The groups that have a replica on the given node. */
    public List<RaftGroup> groupsOf(String nodeId) {
        RaftPeerId peerId = RaftPeerId.valueOf(nodeId);
        return groupsByName.values().stream()
                .filter(g -> g.getPeer(peerId) != null)
                .toList();
    }

    public NodeConfig node(RaftPeerId id) {
        return groups.config().node(id.toString());
    }

    /** The replica of a group in the given AZ, if the group has one there. */
    public Optional<RaftPeerId> replicaInAz(RaftGroup group, String az) {
        return group.getPeers().stream()
                .map(RaftPeer::getId)
                .filter(id -> node(id).az().equals(az))
                .findFirst();
    }
}
