package dev.gameday.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.run.RunDirectory;
import dev.gameday.store.api.bugs.BugSwitches;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * The store as containers: every group gets a leader, items written through every AZ's router
 * path (through the fault proxy) survive a power-off of a group leader's node, and the node
 * catches up after power-on.
 */
@Tag("docker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreClusterIT {

    private StoreCluster cluster;
    private RunDirectory runDir;

    @BeforeAll
    void boot() throws Exception {
        runDir = RunDirectory.create(Path.of("target", "gameday-it").toAbsolutePath(), "store-cluster", Instant.now());
        ClusterShape shape =
                new ClusterShape(List.of("az1", "az2", "az3"), 1, 1, List.of(new ClusterShape.TableSpec("items", 3)));
        cluster = new StoreCluster(
                StoreClusterSpec.of(shape, BugSwitches.none()),
                runDir,
                RunLabels.forThisProcess("cluster-it-" + UUID.randomUUID()));
        cluster.start(Duration.ofMinutes(3));
    }

    @AfterAll
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void acknowledgedWritesSurviveLeaderPowerOffAndTheNodeCatchesUp() {
        List<DynamoDbClient> clients = new ArrayList<>();
        for (StoreCluster.RouterEndpoint router : cluster.routers()) {
            clients.add(client(router.throughProxy()));
        }
        clients.get(0)
                .createTable(b -> b.tableName("items")
                        .keySchema(KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                        .billingMode(BillingMode.PAY_PER_REQUEST));

        int written = 30;
        for (int i = 0; i < written; i++) {
            Map<String, AttributeValue> item = item("k" + i0(i), "v" + i0(i));
            putAcknowledged(clients.get(i % clients.size()), item);
        }

        Map<String, String> leadersBefore = cluster.leaders();
        String victim = leadersBefore.values().iterator().next();
        cluster.powerOff(victim);
        await().atMost(Duration.ofSeconds(20)).until(() -> !cluster.isRunning(victim));

        await("a new leader for every group the victim led")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, String> now = cluster.leaders();
                    return now.size() == leadersBefore.size() && !now.containsValue(victim);
                });

        // Durability, not availability: a read may still meet the election (a 5xx) and is retried;
        // what must never happen is a read that answers without the acknowledged item.
        DynamoDbClient survivor = clients.get(clients.size() - 1);
        for (int i = 0; i < written; i++) {
            String key = "k" + i0(i);
            String expected = "v" + i0(i);
            await("acknowledged write " + key + " is read back after the power-off")
                    .atMost(Duration.ofMinutes(1))
                    .ignoreExceptionsInstanceOf(DynamoDbException.class)
                    .until(() -> consistentRead(survivor, key), got -> {
                        assertEquals(
                                expected, got.get("v").s(), "acknowledged write " + key + " survives the power-off");
                        return true;
                    });
        }

        cluster.powerOn(victim);
        await("the powered-on node catches up")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> caughtUp(victim));
        assertTrue(cluster.isRunning(victim));
        assertTrue(logLines(victim) > 1, "the node's output reaches its log file in the run directory");
        clients.forEach(DynamoDbClient::close);
    }

    private boolean caughtUp(String nodeId) {
        var groups = cluster.groupsOf(nodeId);
        if (groups.isEmpty()) {
            return false;
        }
        for (var group : groups) {
            String leader = cluster.leaders().get(group.path("group").asText());
            if (leader == null) {
                return false;
            }
            long leaderApplied = appliedOf(leader, group.path("group").asText());
            if (group.path("appliedIndex").asLong() < leaderApplied - 1) {
                return false;
            }
        }
        return true;
    }

    private long appliedOf(String nodeId, String groupName) {
        for (var group : cluster.groupsOf(nodeId)) {
            if (group.path("group").asText().equals(groupName)) {
                return group.path("appliedIndex").asLong();
            }
        }
        throw new AssertionError(nodeId + " does not host " + groupName);
    }

    private long logLines(String member) {
        try (var lines = Files.lines(runDir.containerLog(member))) {
            return lines.count();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A 5xx surfaces as DynamoDbException (retried); a missing item fails the read's assertion. */
    /**
     * A write before the fault, retried while the answer is a 5xx (a group still electing or warming up right after
     * the table was created), for at most 30 s: the test is about acknowledged writes surviving, and a retried put
     * of the same item is the same write.
     */
    private static void putAcknowledged(DynamoDbClient client, Map<String, AttributeValue> item) {
        await("write of " + item.get("id").s() + " acknowledged")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof DynamoDbException d && d.statusCode() >= 500)
                .until(() -> {
                    client.putItem(b -> b.tableName("items").item(item));
                    return true;
                });
    }

    private static Map<String, AttributeValue> consistentRead(DynamoDbClient client, String key) {
        Map<String, AttributeValue> item = client.getItem(
                        b -> b.tableName("items").consistentRead(true).key(Map.of("id", AttributeValue.fromS(key))))
                .item();
        if (item == null || item.isEmpty()) {
            throw new AssertionError("acknowledged write " + key + " is missing after the power-off");
        }
        return item;
    }

    private static String i0(int i) {
        return String.format("%03d", i);
    }

    private static Map<String, AttributeValue> item(String id, String value) {
        return Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(value));
    }

    private DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(cluster.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(cluster.accessKey(), cluster.secretKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(15))
                        .build())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }
}
