package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.protocol.ApiConfig;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import dev.gameday.store.server.raft.RaftGroups;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Two storage nodes per AZ: the metadata group lives on three of the six nodes, so the other three learn the
 * partition map from the metadata group over Raft. Their archivers must still archive, and scrub must find
 * every group's archive complete.
 */
class SixNodeClusterTest {
    private static final String TABLE = "wide";

    @Test
    void groupsOnNodesWithoutAMetadataReplicaAreArchivedAndScrubClean() {
        try (LocalCluster cluster = LocalCluster.create(
                                ClusterTestSupport.clusterDir("six-nodes"), 2, 1, 2, BugSwitches.none())
                        .start(Duration.ofSeconds(180));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            RaftGroups raftGroups = new RaftGroups(cluster.config());
            assertTrue(
                    raftGroups.dataGroup(1).getPeers().stream()
                            .noneMatch(p -> raftGroups.metadataGroup().getPeer(p.getId()) != null),
                    "data-1 shares no node with the metadata group, or this test proves nothing");

            db.createTable(b -> b.tableName(TABLE)
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
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .tags(Tag.builder().key(ApiConfig.PARTITIONS_TAG).value("4").build()));
            for (int i = 0; i < 40; i++) {
                int n = i;
                db.putItem(b -> b.tableName(TABLE).item(item("key-" + n, n, "v" + n)));
            }
            Map<String, Long> written = sequences(cluster);
            assertTrue(
                    written.getOrDefault("data-0", 0L) > 0 && written.getOrDefault("data-1", 0L) > 0,
                    "both groups got writes: " + written);

            JsonNode report =
                    cluster.admin().post(cluster.config().nodes().get(0).adminUrl() + "/scrub");
            assertTrue(report.get("clean").asBoolean(), report.toString());
            for (JsonNode group : report.get("groups")) {
                assertEquals(
                        written.get(group.get("group").asText()),
                        group.get("sequence").asLong(),
                        group.toString());
                assertTrue(group.get("reference").get("items").asLong() > 0, group.toString());
            }
        }
    }
}
