package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.archivedSegmentFile;
import static dev.gameday.store.server.ClusterTestSupport.createTable;
import static dev.gameday.store.server.ClusterTestSupport.flipBytes;
import static dev.gameday.store.server.ClusterTestSupport.flushArchives;
import static dev.gameday.store.server.ClusterTestSupport.incidents;
import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.itemSstFile;
import static dev.gameday.store.server.ClusterTestSupport.strings;
import static dev.gameday.store.server.ClusterTestSupport.truncateSstFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * BUG SWITCH DEMONSTRATION: with {@code bugs.scrubNeverRepairs} on, scrub still reports a corrupt replica but
 * nothing repairs it (neither scrub nor the replica's own rebuild after a failed apply), so a second scrub
 * reports it again; the same for a corrupt archived segment. ReplicatedStoreTest and StorageCorruptionTest show
 * the repairs with the switch off.
 */
class ScrubNeverRepairsBugTest {

    @Test
    void scrubReportsTheCorruptReplicaButLeavesItCorrupt() throws IOException {
        BugSwitches bug = BugSwitches.of(StoreBug.SCRUB_NEVER_REPAIRS);
        try (LocalCluster cluster = LocalCluster.create(ClusterTestSupport.clusterDir("scrub-never-repairs"), 1, 1, bug)
                        .start(Duration.ofSeconds(120));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            createTable(db, "never-repaired");
            for (int i = 0; i < 20; i++) {
                int n = i;
                db.putItem(b -> b.tableName("never-repaired").item(item("k" + n, n, "v" + n)));
            }
            String group = ReplicationGroups.dataGroupName(0);
            NodeConfig victim = cluster.config().nodes().get(2);
            cluster.admin().post(victim.adminUrl() + "/storage/flush");
            cluster.kill(victim.id());
            flipBytes(itemSstFile(cluster, victim, group));
            cluster.restartNode(victim.id());
            cluster.awaitReady(Duration.ofSeconds(120));

            String coordinator = cluster.config().nodes().get(0).adminUrl();
            for (int round = 1; round <= 2; round++) {
                JsonNode full = cluster.admin().post(coordinator + "/scrub?group=" + group);
                JsonNode report = full.get("groups").get(0);
                // The corrupt replica either reports a storage error or, once RocksDB refused a write, no longer
                // applies at all; either way it is named, and it stays broken.
                assertFalse(report.get("clean").asBoolean(), "round " + round + ": " + report);
                assertTrue(report.get("problems").toString().contains("replica " + victim.id()), report.toString());
                assertEquals(List.of(), strings(report.get("repaired")), "BUG: nothing repaired: " + report);
                // Detected once (not once per scrub), never repaired.
                List<JsonNode> found = incidents(full.get("incidents"), "item-store");
                assertEquals(1, found.size(), "round " + round + ": " + full.get("incidents"));
                assertEquals(victim.id(), found.get(0).get("replica").asText());
                assertFalse(found.get(0).get("repaired").asBoolean(), found.toString());
            }
        }
    }

    @Test
    void scrubReportsTheCorruptArchiveSegmentButLeavesItCorrupt() throws IOException {
        BugSwitches bug = BugSwitches.of(StoreBug.SCRUB_NEVER_REPAIRS);
        try (LocalCluster cluster = LocalCluster.create(
                                ClusterTestSupport.clusterDir("archive-never-repaired"), 1, 1, bug)
                        .start(Duration.ofSeconds(120));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            createTable(db, "archive-never-repaired");
            for (int i = 0; i < 20; i++) {
                int n = i;
                db.putItem(b -> b.tableName("archive-never-repaired").item(item("k" + n, n, "v" + n)));
            }
            String group = ReplicationGroups.dataGroupName(0);
            flushArchives(cluster);
            flipBytes(archivedSegmentFile(cluster, group));

            String coordinator = cluster.config().nodes().get(0).adminUrl();
            for (int round = 1; round <= 2; round++) {
                JsonNode full = cluster.admin().post(coordinator + "/scrub?group=" + group);
                JsonNode report = full.get("groups").get(0);
                assertFalse(report.get("clean").asBoolean(), "round " + round + ": " + report);
                assertTrue(report.get("problems").toString().contains("archive"), report.toString());
                assertEquals(
                        List.of(), strings(report.get("archiveReuploaded")), "BUG: nothing re-uploaded: " + report);
                List<JsonNode> found = incidents(full.get("incidents"), "archive");
                assertEquals(1, found.size(), "round " + round + ": " + full.get("incidents"));
                assertFalse(found.get(0).get("repaired").asBoolean(), found.toString());
                assertTrue(found.get(0).get("replica").isNull(), found.toString());
            }

            // A RocksDB that refuses to open is left as it is, but the node comes up and reports it.
            NodeConfig victim = ClusterTestSupport.follower(cluster, group);
            cluster.admin().post(victim.adminUrl() + "/storage/flush");
            cluster.kill(victim.id());
            truncateSstFiles(cluster, victim, group);
            cluster.restartNode(victim.id());
            cluster.awaitReady(Duration.ofSeconds(120));
            List<JsonNode> found = incidents(cluster.admin().get(victim.adminUrl() + "/incidents"), "item-store");
            assertEquals(1, found.size(), found.toString());
            assertTrue(found.get(0).get("detail").asText().contains("refused to open"), found.toString());
            assertFalse(found.get(0).get("repaired").asBoolean(), "BUG: not repaired: " + found);
        }
    }
}
