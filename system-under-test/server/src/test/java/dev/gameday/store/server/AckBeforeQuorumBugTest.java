package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.await;
import static dev.gameday.store.server.ClusterTestSupport.awaitCaughtUp;
import static dev.gameday.store.server.ClusterTestSupport.awaitPreferredLeaders;
import static dev.gameday.store.server.ClusterTestSupport.createTable;
import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * BUG SWITCH DEMONSTRATION, not a property of the correct store: with {@code bugs.ackBeforeQuorum} on, the
 * leader acknowledges writes before a quorum has them, so killing it right after acknowledged writes loses
 * some. (ReplicatedStoreTest shows the same procedure loses nothing with the switch off.) It also shows scrub
 * catching the replica this leaves diverged, and repairing it.
 */
class AckBeforeQuorumBugTest {

    @Test
    void killingTheLeaderRightAfterAcknowledgedWritesLosesSomeWhenTheBugIsOn() {
        BugSwitches bug = BugSwitches.of(StoreBug.ACK_BEFORE_QUORUM);
        try (LocalCluster cluster = LocalCluster.create(ClusterTestSupport.clusterDir("ack-before-quorum"), 1, 1, bug)
                        .start(Duration.ofSeconds(120));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            createTable(db, "lossy");
            // One leader takes every write: a hand-over in the middle would leave two replicas diverged by the bug.
            awaitPreferredLeaders(cluster);
            List<Map<String, AttributeValue>> acknowledged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Map<String, AttributeValue> item = item("k" + i, i, "v" + i);
                db.putItem(b -> b.tableName("lossy").item(item));
                acknowledged.add(item);
            }
            String oldLeader =
                    cluster.leaderOf(ReplicationGroups.dataGroupName(0)).orElseThrow();
            cluster.kill(oldLeader);

            int lost = 0;
            for (Map<String, AttributeValue> item : acknowledged) {
                Map<String, AttributeValue> key =
                        key(item.get("pk").s(), Integer.parseInt(item.get("sk").n()));
                GetItemResponse read = await(Duration.ofSeconds(60))
                        .ignoreExceptionsMatching(e -> e instanceof DynamoDbException d && d.statusCode() >= 500)
                        .until(
                                () -> db.getItem(
                                        b -> b.tableName("lossy").key(key).consistentRead(true)),
                                r -> true);
                if (!read.hasItem()) {
                    lost++;
                }
            }
            System.out.println("BUG ackBeforeQuorum: " + lost + " of " + acknowledged.size()
                    + " acknowledged writes lost after the leader was killed");
            assertTrue(lost > 0, "with ackBeforeQuorum on, a leader crash right after the acks loses writes");

            // The old leader still holds the writes it applied outside the log: a diverged replica. Scrub must
            // notice it against the archive reference, rebuild it from its log, and re-scrub clean.
            cluster.restartNode(oldLeader);
            awaitCaughtUp(cluster, oldLeader);
            // The restarted node takes its groups back: scrub after that, not while the leader changes.
            awaitPreferredLeaders(cluster);
            String coordinator = cluster.config().node(oldLeader).adminUrl();
            JsonNode dirty =
                    cluster.admin().post(coordinator + "/scrub").get("groups").get(0);
            assertFalse(dirty.get("clean").asBoolean(), dirty.toString());
            assertEquals(oldLeader, dirty.get("badReplicas").get(0).asText(), dirty.toString());
            assertTrue(dirty.get("problems").toString().contains("differs from archive reference"), dirty.toString());
            JsonNode rescrub =
                    cluster.admin().post(coordinator + "/scrub").get("groups").get(0);
            assertTrue(rescrub.get("clean").asBoolean(), "rebuilt replica scrubs clean: " + rescrub);
        }
    }
}
