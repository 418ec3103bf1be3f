package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.createTable;
import static dev.gameday.store.server.ClusterTestSupport.flipBytes;
import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.itemSstFile;
import static dev.gameday.store.server.ClusterTestSupport.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.server.bugs.BugSwitches;
import dev.gameday.store.server.config.NodeConfig;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import dev.gameday.store.server.node.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * BUG SWITCH DEMONSTRATION: with {@code bugs.scrubNeverRepairs} on, scrub still reports a corrupt replica but
 * nothing repairs it (neither scrub nor the replica's own rebuild after a failed apply), so a second scrub
 * reports it again. ReplicatedStoreTest shows the repair with the switch off.
 */
class ScrubNeverRepairsBugTest {

  @Test
  void scrubReportsTheCorruptReplicaButLeavesItCorrupt() throws IOException {
    BugSwitches bug = new BugSwitches(false, false, true);
    try (LocalCluster cluster = LocalCluster.create(ClusterTestSupport.clusterDir("scrub-never-repairs"), 1, 1, bug)
        .start(Duration.ofSeconds(120));
         DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
      createTable(db, "never-repaired");
      for (int i = 0; i < 20; i++) {
        int n = i;
        db.putItem(b -> b.tableName("never-repaired").item(item("k" + n, n, "v" + n)));
      }
      String group = Topology.dataGroupName(0);
      NodeConfig victim = cluster.config().nodes().get(2);
      cluster.admin().post(victim.adminUrl() + "/storage/flush");
      cluster.kill(victim.id());
      flipBytes(itemSstFile(cluster, victim, group));
      cluster.restartNode(victim.id());
      cluster.awaitReady(Duration.ofSeconds(120));

      String coordinator = cluster.config().nodes().get(0).adminUrl();
      for (int round = 1; round <= 2; round++) {
        JsonNode report = cluster.admin().post(coordinator + "/scrub?group=" + group).get("groups").get(0);
        // The corrupt replica either reports a storage error or, once RocksDB refused a write, no longer
        // applies at all; either way it is named, and it stays broken.
        assertFalse(report.get("clean").asBoolean(), "round " + round + ": " + report);
        assertTrue(report.get("problems").toString().contains("replica " + victim.id()), report.toString());
        assertEquals(List.of(), strings(report.get("repaired")), "BUG: nothing repaired: " + report);
      }
    }
  }
}
