package dev.gameday.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.nemesis.SteadyStateProbe;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's steady state, as its nodes report it ({@code GET /groups}): every storage node runs and
 * answers, every replication group (the metadata group too) has a leader, and every replica has applied
 * the group's log up to where the leader had committed it when the wait began. A node powered on again
 * is "up" long before that: it replays its log and takes the entries it missed from the leader, and
 * until then a second fault in its groups takes their quorum away.
 */
final class StoreSteadyState implements SteadyStateProbe {

    private final StoreCluster store;
    /** Replica node ids of each group, from the cluster's configuration. */
    private final Map<String, List<String>> replicas = new LinkedHashMap<>();

    StoreSteadyState(StoreCluster store) {
        this.store = store;
        new ReplicationGroups(store.config())
                .replicasByGroup()
                .forEach((name, nodes) -> replicas.put(
                        name, nodes.stream().map(NodeConfig::id).sorted().toList()));
    }

    @Override
    public Wait begin() {
        return new Wait() {
            /** Per group, the leader's commit index when first seen during this wait: what "caught up" means. */
            private final Map<String, Long> catchUpTo = new HashMap<>();

            private Map<String, Map<String, JsonNode>> lastSeen = Map.of();

            @Override
            public List<String> missing() {
                List<String> missing = new ArrayList<>();
                lastSeen = groupsByNode(missing);
                for (Map.Entry<String, List<String>> group : replicas.entrySet()) {
                    String name = group.getKey();
                    String leader = null;
                    for (String node : group.getValue()) {
                        JsonNode g = lastSeen.getOrDefault(node, Map.of()).get(name);
                        if (g != null && g.path("leader").asBoolean(false)) {
                            leader = node;
                        }
                    }
                    if (leader == null) {
                        missing.add(name + ": no leader");
                        continue;
                    }
                    JsonNode leaderView = lastSeen.get(leader).get(name);
                    long target = catchUpTo.computeIfAbsent(
                            name, n -> leaderView.path("commitIndex").asLong());
                    for (String node : group.getValue()) {
                        Map<String, JsonNode> answered = lastSeen.get(node);
                        if (answered == null) {
                            continue; // the node is reported as powered off or silent above
                        }
                        JsonNode g = answered.get(name);
                        long applied = g == null ? -1 : g.path("appliedIndex").asLong(-1);
                        if (g == null) {
                            missing.add(name + ": " + node + " has not started its replica");
                        } else if (applied < target) {
                            missing.add(name + ": " + node + " applied " + applied + " of " + target);
                        }
                    }
                }
                return missing;
            }

            @Override
            public List<String> describe() {
                List<String> lines = new ArrayList<>();
                for (Map.Entry<String, List<String>> group : replicas.entrySet()) {
                    String leader = "none";
                    List<String> replicaText = new ArrayList<>();
                    for (String node : group.getValue()) {
                        JsonNode g = lastSeen.getOrDefault(node, Map.of()).get(group.getKey());
                        if (g == null) {
                            replicaText.add(node + " (silent)");
                            continue;
                        }
                        if (g.path("leader").asBoolean(false)) {
                            leader = node;
                        }
                        replicaText.add(
                                node + " (applied " + g.path("appliedIndex").asLong(-1) + ")");
                    }
                    lines.add(group.getKey() + " leader " + leader + ", replicas " + String.join(", ", replicaText));
                }
                return lines;
            }
        };
    }

    /** Each running node's groups by name; a node that is off or does not answer adds a line to {@code missing}. */
    private Map<String, Map<String, JsonNode>> groupsByNode(List<String> missing) {
        Map<String, Map<String, JsonNode>> byNode = new HashMap<>();
        for (StoreCluster.Node node : store.nodes()) {
            try {
                if (!store.isRunning(node.id())) {
                    missing.add(node.id() + " is powered off");
                    continue;
                }
                Map<String, JsonNode> groups = new HashMap<>();
                for (JsonNode g : store.groupsOf(node.id())) {
                    groups.put(g.path("group").asText(), g);
                }
                byNode.put(node.id(), groups);
            } catch (RuntimeException e) {
                // Refused, timed out, an HTTP error, or the engine could not say: not steady, whatever the cause.
                missing.add(node.id() + " does not answer (" + e.getMessage() + ")");
            }
        }
        return byNode;
    }
}
