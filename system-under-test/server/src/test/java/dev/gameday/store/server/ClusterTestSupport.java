package dev.gameday.store.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.raft.RaftGroups;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.segmented.LogSegment;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.thirdparty.com.google.protobuf.CodedOutputStream;
import org.apache.ratis.util.SizeInBytes;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Helpers shared by the cluster tests. */
final class ClusterTestSupport {
    private ClusterTestSupport() {}

    /**
     * Awaitility that checks the condition at once. By default it first sleeps one poll interval (100 ms, or
     * whatever interval is set), which the cluster tests paid on every call: once per item read back after a
     * leader kill, and half a second per catch-up wait. The deadline stays as generous as before.
     */
    static ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO);
    }

    /** Cluster directories live under target/ (build output), so a failed run's logs can be read afterwards. */
    static Path clusterDir(String name) {
        return Path.of("target", "test-clusters", name + "-" + System.currentTimeMillis());
    }

    /** A table with a string partition key "pk" and a number sort key "sk". */
    static void createTable(DynamoDbClient db, String table) {
        db.createTable(b -> b.tableName(table)
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName("pk")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("sk")
                                .keyType(KeyType.RANGE)
                                .build())
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName("pk")
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName("sk")
                                .attributeType(ScalarAttributeType.N)
                                .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    static Map<String, AttributeValue> item(String pk, int sk, String payload) {
        return Map.of(
                "pk",
                AttributeValue.fromS(pk),
                "sk",
                AttributeValue.fromN(Integer.toString(sk)),
                "payload",
                AttributeValue.fromS(payload));
    }

    static Map<String, AttributeValue> key(String pk, int sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk)));
    }

    /** Per data group, the highest last-applied sequence number any running node reports. */
    static Map<String, Long> sequences(LocalCluster cluster) {
        Map<String, Long> out = new TreeMap<>();
        for (NodeConfig n : cluster.config().nodes()) {
            if (!cluster.isRunning(n.id())) {
                continue;
            }
            for (JsonNode g : cluster.admin().get(n.adminUrl() + "/groups")) {
                if (g.has("lastSequence")) {
                    out.merge(g.get("group").asText(), g.get("lastSequence").asLong(), Math::max);
                }
            }
        }
        return out;
    }

    /** Waits until the node's applied index in every group reaches the leader's. */
    /**
     * Waits until every group is led by its preferred replica ({@code raft.LeaderPlacement} hands them over a few
     * seconds after the boot and after a restart): for tests whose story needs one leader throughout, e.g. a bug
     * demonstration in which the leader that took the writes is the one that diverges.
     */
    static void awaitPreferredLeaders(LocalCluster cluster) {
        RaftGroups groups = new RaftGroups(cluster.config());
        Map<String, String> preferred = new TreeMap<>();
        groups.groups()
                .keySet()
                .forEach(g -> preferred.put(g, groups.preferredLeader(g).toString()));
        await(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> leaders(cluster).equals(preferred));
    }

    /** Each group's leader as the nodes report it, by group name; a group without a leader now is left out. */
    static Map<String, String> leaders(LocalCluster cluster) {
        Map<String, String> leaders = new TreeMap<>();
        for (String group : new RaftGroups(cluster.config()).groups().keySet()) {
            cluster.leaderOf(group).ifPresent(l -> leaders.put(group, l));
        }
        return leaders;
    }

    /**
     * Asks every node to archive what the groups it leads have applied. Only a group's leader archives, so a leader that
     * moves between two of these calls would leave the group's newest entries for its next periodic flush: the boot's
     * hand-overs to the preferred leaders are waited out first (in a clean-clone gate data-0 moved to n1 during these
     * calls, and 1 of its 21 entries was not archived yet).
     */
    static void flushArchives(LocalCluster cluster) {
        awaitPreferredLeaders(cluster);
        for (NodeConfig n : cluster.config().nodes()) {
            cluster.admin().post(n.adminUrl() + "/archive/flush");
        }
    }

    static void awaitCaughtUp(LocalCluster cluster, String nodeId) {
        try {
            // Each check asks every node for its groups: 200 ms between checks is cheap and notices the catch-up soon.
            await(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> caughtUp(cluster, nodeId));
        } catch (ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder();
            for (NodeConfig n : cluster.config().nodes()) {
                try {
                    state.append(n.id())
                            .append(": ")
                            .append(cluster.admin().get(n.adminUrl() + "/groups"))
                            .append('\n');
                } catch (RuntimeException down) {
                    state.append(n.id()).append(": ").append(down).append('\n');
                }
            }
            throw new AssertionError(nodeId + " did not catch up; groups:\n" + state, e);
        }
    }

    private static boolean caughtUp(LocalCluster cluster, String nodeId) {
        for (String group : new RaftGroups(cluster.config()).groups().keySet()) {
            String leader = cluster.leaderOf(group).orElse(null);
            if (leader == null) {
                return false;
            }
            long leaderApplied = cluster.groupOn(leader, group)
                    .orElseThrow()
                    .get("appliedIndex")
                    .asLong();
            long applied = cluster.groupOn(nodeId, group)
                    .map(g -> g.get("appliedIndex").asLong())
                    .orElse(-1L);
            if (applied < leaderApplied) {
                return false;
            }
        }
        return true;
    }

    /** The SST file of the items column family (the other two name their column family in their properties). */
    static Path itemSstFile(LocalCluster cluster, NodeConfig node, String group) throws IOException {
        String uuid = new RaftGroups(cluster.config())
                .group(group)
                .getGroupId()
                .getUuid()
                .toString();
        Path rocks = node.dataDir().resolve("ratis").resolve(uuid).resolve("sm").resolve("rocksdb");
        try (Stream<Path> files = Files.list(rocks)) {
            List<Path> candidates = new ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                if (!content.contains("archive_log") && !content.contains("replica_meta")) {
                    candidates.add(p);
                }
            }
            if (candidates.size() != 1) {
                throw new AssertionError("expected one items SST in " + rocks + ": " + candidates);
            }
            return candidates.get(0);
        }
    }

    /** Cuts every SST file of the group's RocksDB in half: RocksDB checks SST sizes and footers when it opens. */
    static void truncateSstFiles(LocalCluster cluster, NodeConfig node, String group) throws IOException {
        try (Stream<Path> files =
                Files.list(raftGroupDir(cluster, node, group).resolve("sm").resolve("rocksdb"))) {
            for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
                    f.setLength(f.length() / 2);
                }
            }
        }
    }

    /** A node that leads neither the data group nor the metadata group: killing it disturbs no leader. */
    static NodeConfig follower(LocalCluster cluster, String group) {
        String dataLeader = cluster.leaderOf(group).orElseThrow();
        String metaLeader = cluster.leaderOf(ReplicationGroups.METADATA_GROUP).orElseThrow();
        return cluster.config().nodes().stream()
                .filter(n -> !n.id().equals(dataLeader) && !n.id().equals(metaLeader))
                .findFirst()
                .orElseThrow();
    }

    /** Inverts a few bytes inside the first data block, as a bad disk would. */
    static void flipBytes(Path sst) throws IOException {
        byte[] bytes = Files.readAllBytes(sst);
        for (int i = 16; i < 24; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(sst, bytes);
    }

    /** The group's directory in a node's Raft storage. */
    static Path raftGroupDir(LocalCluster cluster, NodeConfig node, String group) {
        String uuid = new RaftGroups(cluster.config())
                .group(group)
                .getGroupId()
                .getUuid()
                .toString();
        return node.dataDir().resolve("ratis").resolve(uuid);
    }

    /** The open segment of a group's Raft log on a node (the one a crash leaves half-written). */
    static Path openLogSegment(LocalCluster cluster, NodeConfig node, String group) throws IOException {
        try (Stream<Path> files = Files.list(raftGroupDir(cluster, node, group).resolve("current"))) {
            List<Path> open = files.filter(p -> p.getFileName().toString().startsWith("log_inprogress_"))
                    .toList();
            if (open.size() != 1) {
                throw new AssertionError(
                        "expected one open log segment of " + group + " on " + node.id() + ": " + open);
            }
            return open.get(0);
        }
    }

    /** The newest closed segment of a group's Raft log on a node ({@code log_START-END}). */
    static Path newestClosedLogSegment(LocalCluster cluster, NodeConfig node, String group) throws IOException {
        try (Stream<Path> files = Files.list(raftGroupDir(cluster, node, group).resolve("current"))) {
            return files.filter(p -> p.getFileName().toString().matches("log_\\d+-\\d+"))
                    .max(Comparator.comparingLong(
                            p -> Long.parseLong(p.getFileName().toString().replaceAll("log_\\d+-", ""))))
                    .orElseThrow(() -> new AssertionError("no closed log segment of " + group + " on " + node.id()));
        }
    }

    /**
     * Shortens a closed log segment by its last entry, whole: what Ratis' reader then reads ends cleanly, one entry
     * before the index the file's name gives. An entry takes its length (varint), its bytes and a 4-byte checksum.
     */
    static void dropLastEntry(Path closedSegment) throws IOException {
        List<Long> sizes = new ArrayList<>();
        LogSegment.readSegmentFile(
                closedSegment.toFile(),
                LogSegmentPath.matchLogSegment(closedSegment).getStartEnd(),
                SizeInBytes.valueOf("64MB"),
                RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION,
                null,
                entry -> sizes.add((long) CodedOutputStream.computeUInt32SizeNoTag(entry.getSerializedSize())
                        + entry.getSerializedSize()
                        + 4));
        long size = Files.size(closedSegment);
        try (FileChannel channel = FileChannel.open(closedSegment, StandardOpenOption.WRITE)) {
            channel.truncate(size - sizes.get(sizes.size() - 1));
        }
    }

    /** Sets the last {@code length} bytes of the file to zero, keeping its size. */
    static void zeroTail(Path file, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < length) {
            throw new AssertionError(file + " holds only " + bytes.length + " bytes, need " + length);
        }
        Arrays.fill(bytes, bytes.length - length, bytes.length, (byte) 0);
        Files.write(file, bytes);
    }

    /**
     * Flips every 16th byte of the last {@code length} bytes the file holds before its zero padding (Ratis
     * preallocates log segments, so the real tail is where the non-zero bytes end).
     */
    static void flipTailBeforePadding(Path file, int length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        if (end < length) {
            throw new AssertionError(file + " holds only " + end + " bytes before its padding, need " + length);
        }
        for (int i = end - length; i < end; i += 16) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(file, bytes);
    }

    /** The file in which the archive store keeps one of the group's segment objects (the first one). */
    static Path archivedSegmentFile(LocalCluster cluster, String group) throws IOException {
        String dir = "groups/" + group + "/segments/";
        try (Stream<Path> files = Files.walk(cluster.config().archive().dataDir())) {
            return files.filter(p -> p.toString().replace('\\', '/').contains(dir)
                            && p.toString().endsWith(".seg"))
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no archived segment of " + group + " under "
                            + cluster.config().archive().dataDir()));
        }
    }

    /** The incidents of one kind in a scrub report's or GET /incidents' array. */
    static List<JsonNode> incidents(JsonNode array, String kind) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(i -> {
            if (i.get("kind").asText().equals(kind)) {
                out.add(i);
            }
        });
        return out;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
