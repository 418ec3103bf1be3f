package dev.gameday.store.api.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.store.api.bugs.BugSwitches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole cluster's shape, read from one JSON file that every process of the cluster shares: which nodes,
 * routers and archive store exist, in which AZs, on which ports, with which data directories.
 *
 * @param replicationGroups how many data replication groups the nodes host; table partitions are spread over them
 * @param credentials       SigV4 access key id -> secret key accepted by the routers
 * @param scrubIntervalMillis how often the metadata leader scrubs every group (0 = only on demand)
 */
public record ClusterConfig(
        String region,
        Map<String, String> credentials,
        List<NodeConfig> nodes,
        List<RouterConfig> routers,
        ArchiveConfig archive,
        int replicationGroups,
        long scrubIntervalMillis,
        RaftTimings raft,
        BugSwitches bugs) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public ClusterConfig {
        if (raft == null) {
            raft = RaftTimings.defaults();
        }
        if (bugs == null) {
            bugs = BugSwitches.none();
        }
        validate(nodes, routers, replicationGroups);
    }

    private static void validate(List<NodeConfig> nodes, List<RouterConfig> routers, int replicationGroups) {
        if (nodes == null || nodes.size() < 3) {
            throw new IllegalArgumentException(
                    "cluster config: need at least 3 nodes (one per AZ), got " + (nodes == null ? 0 : nodes.size()));
        }
        Set<String> azs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (NodeConfig n : nodes) {
            azs.add(n.az());
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("cluster config: duplicate node id " + n.id());
            }
        }
        if (azs.size() < 3) {
            throw new IllegalArgumentException("cluster config: nodes must span 3 AZs, got " + azs);
        }
        if (routers == null || routers.isEmpty()) {
            throw new IllegalArgumentException("cluster config: need at least one router");
        }
        if (replicationGroups < 1) {
            throw new IllegalArgumentException(
                    "cluster config: replicationGroups must be >= 1, got " + replicationGroups);
        }
    }

    public static ClusterConfig load(Path file) {
        try {
            return JSON.readValue(file.toFile(), ClusterConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster config " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NodeConfig node(String id) {
        return nodes.stream()
                .filter(n -> n.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + id + "' in cluster config; nodes: "
                        + nodes.stream().map(NodeConfig::id).toList()));
    }

    public RouterConfig router(String id) {
        return routers.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no router '" + id + "' in cluster config; routers: "
                        + routers.stream().map(RouterConfig::id).toList()));
    }

    public ClusterConfig withBugs(BugSwitches newBugs) {
        return new ClusterConfig(
                region, credentials, nodes, routers, archive, replicationGroups, scrubIntervalMillis, raft, newBugs);
    }
}
