package dev.gameday.store.server.node;

import dev.gameday.store.server.config.ClusterConfig;
import dev.gameday.store.server.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The replication groups of a cluster, derived deterministically from its config so that every process
 * computes the same groups: one metadata group and {@code replicationGroups} data groups, each with exactly
 * one replica in each of three AZs. Group ids are name-based UUIDs, so they survive restarts.
 */
public final class Topology {
  public static final String METADATA_GROUP = "meta";

  private final ClusterConfig config;
  private final Map<String, RaftGroup> groupsByName = new TreeMap<>();
  private final Map<RaftGroupId, String> namesById = new HashMap<>();

  public Topology(ClusterConfig config) {
    this.config = config;
    Map<String, List<NodeConfig>> nodesByAz = new TreeMap<>();
    for (NodeConfig n : config.nodes()) {
      nodesByAz.computeIfAbsent(n.az(), az -> new ArrayList<>()).add(n);
    }
    List<List<NodeConfig>> threeAzs = new ArrayList<>(nodesByAz.values()).subList(0, 3);
    add(METADATA_GROUP, pick(threeAzs, 0));
    for (int g = 0; g < config.replicationGroups(); g++) {
      add(dataGroupName(g), pick(threeAzs, g));
    }
  }

  public static String dataGroupName(int index) {
    return "data-" + index;
  }

  /** The index of a data group from its name ("data-3" -> 3). */
  public static int dataGroupIndex(String name) {
    if (!name.startsWith("data-")) {
      throw new IllegalArgumentException("not a data group: " + name);
    }
    return Integer.parseInt(name.substring("data-".length()));
  }

  public List<String> dataGroupNames() {
    List<String> names = new ArrayList<>();
    for (int g = 0; g < config.replicationGroups(); g++) {
      names.add(dataGroupName(g));
    }
    return names;
  }

  private static List<NodeConfig> pick(List<List<NodeConfig>> azs, int index) {
    return azs.stream().map(nodes -> nodes.get(index % nodes.size())).toList();
  }

  private void add(String name, List<NodeConfig> replicas) {
    RaftGroupId id = RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes(("gameday-store/" + name).getBytes(StandardCharsets.UTF_8)));
    List<RaftPeer> peers = replicas.stream().map(Topology::peer).toList();
    groupsByName.put(name, RaftGroup.valueOf(id, peers));
    namesById.put(id, name);
  }

  static RaftPeer peer(NodeConfig node) {
    return RaftPeer.newBuilder().setId(node.id()).setAddress(node.raftAddress()).build();
  }

  public RaftGroup metadataGroup() {
    return group(METADATA_GROUP);
  }

  public RaftGroup dataGroup(int index) {
    return group(dataGroupName(index));
  }

  public int dataGroupCount() {
    return config.replicationGroups();
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
    return groupsByName.values().stream().filter(g -> g.getPeer(peerId) != null).toList();
  }

  public NodeConfig node(RaftPeerId id) {
    return config.node(id.toString());
  }

  /** The replica of a group in the given AZ, if the group has one there. */
  public Optional<RaftPeerId> replicaInAz(RaftGroup group, String az) {
    return group.getPeers().stream().map(RaftPeer::getId)
        .filter(id -> node(id).az().equals(az)).findFirst();
  }
}
