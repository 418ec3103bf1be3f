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
 */
public final class RaftGroups {
    private final ReplicationGroups groups;
    private final Map<String, RaftGroup> groupsByName = new TreeMap<>();
    private final Map<RaftGroupId, String> namesById = new HashMap<>();

    public RaftGroups(ClusterConfig config) {
        this.groups = new ReplicationGroups(config);
        groups.replicasByGroup().forEach((name, replicas) -> {
            RaftGroupId id = RaftGroupId.valueOf(ReplicationGroups.groupId(name));
            groupsByName.put(
                    name,
                    RaftGroup.valueOf(
                            id, replicas.stream().map(RaftGroups::peer).toList()));
            namesById.put(id, name);
        });
    }

    static RaftPeer peer(NodeConfig node) {
        return RaftPeer.newBuilder()
                .setId(node.id())
                .setAddress(node.raftAddress())
                .build();
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
