package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.archivedSegmentFile;
import static dev.gameday.store.server.ClusterTestSupport.await;
import static dev.gameday.store.server.ClusterTestSupport.awaitCaughtUp;
import static dev.gameday.store.server.ClusterTestSupport.createTable;
import static dev.gameday.store.server.ClusterTestSupport.dropLastEntry;
import static dev.gameday.store.server.ClusterTestSupport.flipBytes;
import static dev.gameday.store.server.ClusterTestSupport.flipTailBeforePadding;
import static dev.gameday.store.server.ClusterTestSupport.flushArchives;
import static dev.gameday.store.server.ClusterTestSupport.incidents;
import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.key;
import static dev.gameday.store.server.ClusterTestSupport.newestClosedLogSegment;
import static dev.gameday.store.server.ClusterTestSupport.openLogSegment;
import static dev.gameday.store.server.ClusterTestSupport.raftGroupDir;
import static dev.gameday.store.server.ClusterTestSupport.strings;
import static dev.gameday.store.server.ClusterTestSupport.truncateSstFiles;
import static dev.gameday.store.server.ClusterTestSupport.zeroTail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import dev.gameday.store.server.raft.RaftGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Files corrupted from outside, as the harness does it: an archived segment object, the tail of a replica's
 * Raft log while the node is off, and a RocksDB file that makes RocksDB refuse to open. Each is detected,
 * recorded as an incident, repaired, and a scrub afterwards is clean. One cluster, one data group, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageCorruptionTest {
    private static final String TABLE = "corruption";
    private static final String GROUP = ReplicationGroups.dataGroupName(0);

    private LocalCluster cluster;
    private DynamoDbClient db;
    private final Map<Map<String, AttributeValue>, Map<String, AttributeValue>> acknowledged = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() {
        cluster = LocalCluster.create(ClusterTestSupport.clusterDir("corruption"), 1, 1, BugSwitches.none())
                .start(Duration.ofSeconds(120));
        db = StoreClients.dynamo(cluster.routerEndpoint());
        createTable(db, TABLE);
    }

    @AfterAll
    void stopCluster() {
        if (db != null) {
            db.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void write(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> item = item(prefix + "-" + i, i, prefix + " payload " + i);
            db.putItem(b -> b.tableName(TABLE).item(item));
            acknowledged.put(key(prefix + "-" + i, i), item);
        }
    }

    private JsonNode scrub() {
        return cluster.admin().post(cluster.config().nodes().get(0).adminUrl() + "/scrub?group=" + GROUP);
    }

    private void assertScrubClean() {
        JsonNode group = scrub().get("groups").get(0);
        assertTrue(group.get("clean").asBoolean(), group.toString());
        assertEquals(3, group.get("replicas").size(), group.toString());
    }

    private NodeConfig follower() {
        return ClusterTestSupport.follower(cluster, GROUP);
    }

    /** Waits until the node lists exactly one incident of this kind in this group, and it is repaired. */
    private JsonNode awaitRepairedIncident(NodeConfig node, String kind, String group) {
        return awaitRepairedIncident(node, kind, group, "");
    }

    /** The same, among the incidents whose detail starts with {@code detailPrefix} (e.g. a segment file's name). */
    private JsonNode awaitRepairedIncident(NodeConfig node, String kind, String group, String detailPrefix) {
        return await(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> incidents(cluster.admin().get(node.adminUrl() + "/incidents"), kind).stream()
                                .filter(i -> i.get("group").asText().equals(group)
                                        && i.get("detail").asText().startsWith(detailPrefix))
                                .toList(),
                        found -> found.size() == 1
                                && found.get(0).get("repaired").asBoolean())
                .get(0);
    }

    private void assertEveryAcknowledgedWriteReadable() {
        for (Map.Entry<Map<String, AttributeValue>, Map<String, AttributeValue>> e : acknowledged.entrySet()) {
            Map<String, AttributeValue> read = db.getItem(
                            b -> b.tableName(TABLE).key(e.getKey()).consistentRead(true))
                    .item();
            assertEquals(e.getValue(), read, "acknowledged write " + e.getKey());
        }
    }

    @Test
    @Order(1)
    void aCorruptArchivedSegmentIsUploadedAgainFromTheLeader() throws IOException {
        write("archived", 30);
        flushArchives(cluster);
        Path segment = archivedSegmentFile(cluster, GROUP);
        flipBytes(segment);

        JsonNode report = scrub();
        JsonNode group = report.get("groups").get(0);
        String segmentName = segment.getFileName().toString();
        assertEquals(1, group.get("archiveReuploaded").size(), group.toString());
        assertTrue(group.get("archiveReuploaded").get(0).asText().endsWith(segmentName), group.toString());
        assertTrue(group.get("clean").asBoolean(), "the re-check after the re-upload passed: " + group);
        List<JsonNode> found = incidents(report.get("incidents"), "archive");
        assertEquals(1, found.size(), report.get("incidents").toString());
        assertEquals(GROUP, found.get(0).get("group").asText());
        assertTrue(found.get(0).get("replica").isNull(), found.toString());
        assertTrue(found.get(0).get("detail").asText().contains(segmentName), found.toString());
        assertTrue(found.get(0).get("repaired").asBoolean(), found.toString());

        JsonNode again = scrub();
        assertTrue(again.get("groups").get(0).get("clean").asBoolean(), again.toString());
        assertEquals(List.of(), strings(again.get("groups").get(0).get("archiveReuploaded")));
        assertEquals(1, incidents(again.get("incidents"), "archive").size(), "the same incident, not a new one");
    }

    @Test
    @Order(2)
    void aRaftLogTailCorruptedAtRestIsTruncatedAndRefilledFromTheLeader() throws IOException {
        write("logged", 40);
        NodeConfig victim = follower();
        awaitCaughtUp(cluster, victim.id());
        cluster.kill(victim.id());
        flipTailBeforePadding(openLogSegment(cluster, victim, GROUP), 1024);
        // The metadata group's log holds only a few entries (configuration, the table); its last one goes bad.
        flipTailBeforePadding(openLogSegment(cluster, victim, ReplicationGroups.METADATA_GROUP), 32);
        cluster.restartNode(victim.id());
        cluster.awaitReady(Duration.ofSeconds(120));
        awaitCaughtUp(cluster, victim.id());

        for (String group : List.of(GROUP, ReplicationGroups.METADATA_GROUP)) {
            JsonNode incident = awaitRepairedIncident(victim, "raft-log", group);
            assertEquals(victim.id(), incident.get("replica").asText(), incident.toString());
        }
        assertEveryAcknowledgedWriteReadable();
        assertScrubClean();

        // Powered off again before anyone asked (a second at-rest corruption drawn on the same node): the node still
        // reports both incidents, repaired, after it starts.
        cluster.kill(victim.id());
        cluster.restartNode(victim.id());
        cluster.awaitReady(Duration.ofSeconds(120));
        for (String group : List.of(GROUP, ReplicationGroups.METADATA_GROUP)) {
            awaitRepairedIncident(victim, "raft-log", group);
        }
    }

    @Test
    @Order(3)
    void aClosedRaftLogSegmentWhoseTailThePowerTookIsCutThereAndTheLogRefilledFromTheLeader() throws IOException {
        // A new term closes every replica's open segment and begins the next one (Ratis rolls its log when the term
        // changes), as the leader change after a replica's failed fsync did in fsync-errors.yaml.
        for (String group : List.of(GROUP, ReplicationGroups.METADATA_GROUP)) {
            String leader = cluster.leaderOf(group).orElseThrow();
            cluster.kill(leader);
            cluster.restartNode(leader);
            cluster.awaitReady(Duration.ofSeconds(120));
        }
        write("new-term", 30);
        // The group's preferred leader: once it is back, its leader hands the group over to it as soon as it looks
        // caught up, which it must not before its log is refilled (LeaderPlacement).
        String preferred =
                new RaftGroups(cluster.config()).preferredLeader(GROUP).toString();
        NodeConfig victim = cluster.config().nodes().stream()
                .filter(n -> n.id().equals(preferred))
                .findFirst()
                .orElseThrow();
        awaitCaughtUp(cluster, victim.id());
        cluster.kill(victim.id());
        // What a power loss leaves of entries whose fsync failed once (fsyncgate): zeros, while the next segment,
        // synced later, is whole. Ratis then refused to open the log ("Found a gap between logs").
        Path closed = newestClosedLogSegment(cluster, victim, GROUP);
        zeroTail(closed, 64);
        // The metadata group's closed segment (it rolled at the new term too) loses its last entry whole: the
        // file reads without an error, but ends before the index its name gives.
        Path shortened = newestClosedLogSegment(cluster, victim, ReplicationGroups.METADATA_GROUP);
        dropLastEntry(shortened);
        cluster.restartNode(victim.id());
        cluster.awaitReady(Duration.ofSeconds(120));
        awaitCaughtUp(cluster, victim.id());

        JsonNode incident = awaitRepairedIncident(victim, "raft-log", GROUP, closed.getFileName() + ":");
        assertEquals(victim.id(), incident.get("replica").asText(), incident.toString());
        assertTrue(incident.get("detail").asText().contains("unreadable"), incident.toString());
        JsonNode metaIncident = awaitRepairedIncident(
                victim, "raft-log", ReplicationGroups.METADATA_GROUP, shortened.getFileName() + ":");
        assertTrue(metaIncident.get("detail").asText().contains("missing"), metaIncident.toString());
        // Cut after its last good entry, not dropped whole: the segment now ends at the index the incident names.
        String lastGood = incident.get("detail").asText().replaceAll(".*entries after index (\\d+) .*", "$1");
        try (Stream<Path> files =
                Files.list(raftGroupDir(cluster, victim, GROUP).resolve("current"))) {
            assertTrue(
                    files.anyMatch(p -> p.getFileName().toString().matches("log_\\d+-" + lastGood)),
                    "a closed segment ending at " + lastGood + ": " + incident);
        }
        Path damaged = raftGroupDir(cluster, victim, GROUP).resolve("damaged-log");
        try (Stream<Path> moved = Files.list(damaged)) {
            assertTrue(
                    moved.anyMatch(p -> p.getFileName().toString().startsWith("log_inprogress_")),
                    "the segment after the cut is kept in " + damaged);
        }
        assertEveryAcknowledgedWriteReadable();
        assertScrubClean();
    }

    @Test
    @Order(4)
    void aRocksDbThatRefusesToOpenIsRebuiltFromTheRaftLog() throws IOException {
        write("rebuilt", 20);
        NodeConfig victim = follower();
        awaitCaughtUp(cluster, victim.id());
        cluster.admin().post(victim.adminUrl() + "/storage/flush");
        cluster.kill(victim.id());
        truncateSstFiles(cluster, victim, GROUP);
        cluster.restartNode(victim.id());
        cluster.awaitReady(Duration.ofSeconds(120));
        awaitCaughtUp(cluster, victim.id());

        JsonNode incident = awaitRepairedIncident(victim, "item-store", GROUP);
        assertTrue(incident.get("detail").asText().contains("refused to open"), incident.toString());
        assertEveryAcknowledgedWriteReadable();
        assertScrubClean();
    }
}
