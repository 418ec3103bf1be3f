package dev.gameday.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.run.RunDirectory;
import dev.gameday.store.api.bugs.BugSwitches;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What the network fault ITs share: a 3 AZ x 1 node x 1 router cluster with one data group (so
 * every item lives in {@link #GROUP}), DynamoDB clients through the fault proxy, and the Raft
 * progress each node reports.
 */
final class NetworkItSupport {

    static final String TABLE = "items";
    static final String GROUP = "data-0";

    private NetworkItSupport() {}

    static StoreCluster boot(String name, String nodeLinks) throws Exception {
        RunDirectory runDir =
                RunDirectory.create(Path.of("target", "gameday-it").toAbsolutePath(), name, Instant.now());
        ClusterShape shape = new ClusterShape(
                List.of("az1", "az2", "az3"), 1, 1, List.of(new ClusterShape.TableSpec(TABLE, 1)), nodeLinks, null);
        StoreCluster cluster = new StoreCluster(
                new StoreClusterSpec(shape, 1, BugSwitches.none()),
                runDir,
                RunLabels.forThisProcess(name + "-" + UUID.randomUUID()));
        try {
            return cluster.start(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static DynamoDbClient client(StoreCluster cluster, URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(cluster.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(cluster.accessKey(), cluster.secretKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName(TABLE)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("id")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    /**
     * Writes an item, retrying a 5xx (an election, a router that still dials the old leader) for
     * up to {@code within}: what is asserted is that the write is acknowledged in that time.
     */
    static void write(DynamoDbClient client, String id, String value, Duration within) {
        await("write " + id + " is acknowledged")
                .atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(DynamoDbException.class)
                .until(() -> {
                    client.putItem(b -> b.tableName(TABLE)
                            .item(Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value))));
                    return true;
                });
    }

    static String consistentRead(DynamoDbClient client, String id) {
        Map<String, AttributeValue> item = client.getItem(
                        b -> b.tableName(TABLE).consistentRead(true).key(Map.of("id", AttributeValue.fromS(id))))
                .item();
        return item == null || !item.containsKey("v") ? null : item.get("v").s();
    }

    /** What {@code node} reports about {@code group} ({@code GET /groups}). */
    static JsonNode groupOn(StoreCluster cluster, String node, String group) {
        for (JsonNode g : cluster.groupsOf(node)) {
            if (g.path("group").asText().equals(group)) {
                return g;
            }
        }
        throw new AssertionError(node + " does not host " + group);
    }

    static long appliedIndex(StoreCluster cluster, String node, String group) {
        return groupOn(cluster, node, group).path("appliedIndex").asLong();
    }

    static boolean leads(StoreCluster cluster, String node, String group) {
        return groupOn(cluster, node, group).path("leader").asBoolean(false);
    }
}
