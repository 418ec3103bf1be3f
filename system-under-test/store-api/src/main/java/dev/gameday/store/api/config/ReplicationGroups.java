package dev.gameday.store.api.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The replication groups of a cluster, derived deterministically from its config so that every process (and the
 * harness) computes the same groups: one metadata group and {@code replicationGroups} data groups, each with
 * exactly one replica in each of three AZs. Group ids are name-based UUIDs, so they survive restarts.
 */
public final class ReplicationGroups {
    public static final String METADATA_GROUP = "meta";
    private static final String DATA_GROUP_PREFIX = "data-";

    private final ClusterConfig config;
    private final Map<String, List<NodeConfig>> replicasByGroup = new TreeMap<>();

    public ReplicationGroups(ClusterConfig config) {
        this.config = config;
        Map<String, List<NodeConfig>> nodesByAz = new TreeMap<>();
        for (NodeConfig n : config.nodes()) {
            nodesByAz.computeIfAbsent(n.az(), az -> new ArrayList<>()).add(n);
        }
        List<List<NodeConfig>> threeAzs = new ArrayList<>(nodesByAz.values()).subList(0, 3);
        replicasByGroup.put(METADATA_GROUP, pick(threeAzs, 0));
        for (int g = 0; g < config.replicationGroups(); g++) {
            replicasByGroup.put(dataGroupName(g), pick(threeAzs, g));
        }
    }

    private static List<NodeConfig> pick(List<List<NodeConfig>> azs, int index) {
        return azs.stream().map(nodes -> nodes.get(index % nodes.size())).toList();
    }

    public static String dataGroupName(int index) {
        return DATA_GROUP_PREFIX + index;
    }

    /** The index of a data group from its name ("data-3" -> 3). */
    public static int dataGroupIndex(String name) {
        if (!name.startsWith(DATA_GROUP_PREFIX)) {
            throw new IllegalArgumentException("not a data group: " + name);
        }
        return Integer.parseInt(name.substring(DATA_GROUP_PREFIX.length()));
    }

    /** The group's id: also the name of its folder in a node's Raft storage. */
    public static UUID groupId(String name) {
        return UUID.nameUUIDFromBytes(("gameday-store/" + name).getBytes(StandardCharsets.UTF_8));
    }

    public List<String> dataGroupNames() {
        List<String> names = new ArrayList<>();
        for (int g = 0; g < config.replicationGroups(); g++) {
            names.add(dataGroupName(g));
        }
        return names;
    }

    public int dataGroupCount() {
        return config.replicationGroups();
    }

    /** Every group, the metadata group included, by name in name order, with its replicas (one per AZ). */
    public Map<String, List<NodeConfig>> replicasByGroup() {
        return Collections.unmodifiableMap(replicasByGroup);
    }

    public List<NodeConfig> replicas(String group) {
        List<NodeConfig> replicas = replicasByGroup.get(group);
        if (replicas == null) {
            throw new IllegalArgumentException(
                    "no replication group '" + group + "'; groups: " + replicasByGroup.keySet());
        }
        return replicas;
    }

    public ClusterConfig config() {
        return config;
    }
}
