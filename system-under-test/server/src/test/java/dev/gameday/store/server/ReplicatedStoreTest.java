package dev.gameday.store.server;

import static dev.gameday.store.server.ClusterTestSupport.await;
import static dev.gameday.store.server.ClusterTestSupport.awaitCaughtUp;
import static dev.gameday.store.server.ClusterTestSupport.awaitPreferredLeaders;
import static dev.gameday.store.server.ClusterTestSupport.createTable;
import static dev.gameday.store.server.ClusterTestSupport.flipBytes;
import static dev.gameday.store.server.ClusterTestSupport.flushArchives;
import static dev.gameday.store.server.ClusterTestSupport.incidents;
import static dev.gameday.store.server.ClusterTestSupport.item;
import static dev.gameday.store.server.ClusterTestSupport.itemSstFile;
import static dev.gameday.store.server.ClusterTestSupport.key;
import static dev.gameday.store.server.ClusterTestSupport.sequences;
import static dev.gameday.store.server.ClusterTestSupport.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.ReplicationGroups;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.server.archive.ArchiveReader;
import dev.gameday.store.server.archive.ArchiveS3;
import dev.gameday.store.server.archive.Segment;
import dev.gameday.store.server.archive.SegmentManifest;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.raft.RaftGroups;
import dev.gameday.store.server.storage.SequencedRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The replicated store as real processes on loopback (3 storage nodes in 3 AZs, a router, the archive store),
 * driven through the AWS SDK with retries off. The tests share one cluster and run in order; the disruptive
 * ones (corruption, leader kill) come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedStoreTest {
    private static final String TABLE = "orders";
    private static final int GROUPS = 3;

    private LocalCluster cluster;
    private DynamoDbClient db;
    /** Every write the store acknowledged, by key, with the item it must now hold. */
    private final Map<Map<String, AttributeValue>, Map<String, AttributeValue>> acknowledged = new LinkedHashMap<>();

    @BeforeAll
    void startCluster() {
        cluster = LocalCluster.create(ClusterTestSupport.clusterDir("replicated"), 1, GROUPS, BugSwitches.none())
                .start(Duration.ofSeconds(120));
        db = StoreClients.dynamo(cluster.routerEndpoint());
        createTable(db, TABLE);
        // The tests below read each group's leader (archive flush, scrub, kill): let the boot's hand-overs to the
        // preferred leaders happen first (see ClusterTestSupport.flushArchives).
        awaitPreferredLeaders(cluster);
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

    private void put(String pk, int sk, String payload) {
        Map<String, AttributeValue> item = item(pk, sk, payload);
        db.putItem(b -> b.tableName(TABLE).item(item));
        acknowledged.put(key(pk, sk), item);
    }

    private Map<String, AttributeValue> getConsistent(Map<String, AttributeValue> key) {
        GetItemResponse r = db.getItem(b -> b.tableName(TABLE).key(key).consistentRead(true));
        return r.hasItem() ? r.item() : null;
    }

    @Test
    @Order(1)
    void itemsRoundTripThroughGetQueryAndScan() {
        for (int sk = 1; sk <= 3; sk++) {
            put("user-1", sk, "payload-" + sk);
        }
        assertEquals(item("user-1", 2, "payload-2"), getConsistent(key("user-1", 2)));
        // An eventually consistent read is served by a replica in the router's AZ: it converges.
        await(Duration.ofSeconds(20))
                .until(() -> item("user-1", 3, "payload-3")
                        .equals(db.getItem(b -> b.tableName(TABLE).key(key("user-1", 3)))
                                .item()));

        QueryResponse forward = db.query(b -> b.tableName(TABLE)
                .consistentRead(true)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("user-1"))));
        assertEquals(
                List.of("1", "2", "3"),
                forward.items().stream().map(i -> i.get("sk").n()).toList());
        QueryResponse backward = db.query(b -> b.tableName(TABLE)
                .consistentRead(true)
                .scanIndexForward(false)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("user-1"))));
        assertEquals(
                List.of("3", "2", "1"),
                backward.items().stream().map(i -> i.get("sk").n()).toList());

        for (int i = 0; i < 20; i++) {
            put("scan-" + i, 0, "s" + i);
        }
        Set<String> scanned = new HashSet<>();
        db.scanPaginator(b -> b.tableName(TABLE).consistentRead(true).limit(7))
                .items()
                .forEach(i -> scanned.add(i.get("pk").s() + "/" + i.get("sk").n()));
        assertEquals(acknowledged.size(), scanned.size(), "scan sees every item once: " + scanned);
    }

    @Test
    @Order(2)
    void conditionalWritesBehaveAsInDynamoDb() {
        Map<String, AttributeValue> first = item("cond", 1, "first");
        db.putItem(b -> b.tableName(TABLE).item(first).conditionExpression("attribute_not_exists(pk)"));
        acknowledged.put(key("cond", 1), first);
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> db.putItem(b -> b.tableName(TABLE)
                        .item(item("cond", 1, "second"))
                        .conditionExpression("attribute_not_exists(pk)")));
        assertEquals(first, getConsistent(key("cond", 1)), "a failed condition changes nothing");

        db.updateItem(b -> b.tableName(TABLE)
                .key(key("cond", 1))
                .updateExpression("SET payload = :new")
                .conditionExpression("payload = :old")
                .expressionAttributeValues(
                        Map.of(":new", AttributeValue.fromS("updated"), ":old", AttributeValue.fromS("first"))));
        acknowledged.put(key("cond", 1), item("cond", 1, "updated"));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> db.updateItem(b -> b.tableName(TABLE)
                        .key(key("cond", 1))
                        .updateExpression("SET payload = :new")
                        .conditionExpression("payload = :old")
                        .expressionAttributeValues(
                                Map.of(":new", AttributeValue.fromS("lost"), ":old", AttributeValue.fromS("first")))));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> db.deleteItem(b ->
                        b.tableName(TABLE).key(key("cond", 1)).conditionExpression("attribute_not_exists(payload)")));
        assertEquals(item("cond", 1, "updated"), getConsistent(key("cond", 1)));
    }

    @Test
    @Order(3)
    void unsignedAndBadlySignedRequestsAreRejected() throws Exception {
        HttpResponse<String> unsigned = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cluster.routerEndpoint()))
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("MissingAuthenticationToken"), unsigned.body());

        try (DynamoDbClient wrongSecret = StoreClients.dynamo(cluster.routerEndpoint(), "gameday", "not-the-secret");
                DynamoDbClient unknownKey = StoreClients.dynamo(cluster.routerEndpoint(), "nobody", "whatever")) {
            DynamoDbException bad = assertThrows(
                    DynamoDbException.class,
                    () -> wrongSecret.putItem(b -> b.tableName(TABLE).item(item("intruder", 1, "x"))));
            assertEquals("InvalidSignatureException", bad.awsErrorDetails().errorCode());
            DynamoDbException unknown = assertThrows(DynamoDbException.class, unknownKey::listTables);
            assertEquals(
                    "UnrecognizedClientException", unknown.awsErrorDetails().errorCode());
        }
        assertEquals(null, getConsistent(key("intruder", 1)));
        JsonNode counters =
                cluster.admin().get(cluster.config().routers().get(0).adminUrl() + "/counters");
        assertTrue(
                counters.path("requests.rejected.MissingAuthenticationTokenException")
                                .asLong()
                        >= 1,
                counters.toString());
        assertTrue(counters.path("requests.rejected.InvalidSignatureException").asLong() >= 1, counters.toString());
    }

    @Test
    @Order(4)
    void badInputStoresNothing() {
        Map<String, Long> before = sequences(cluster);
        assertThrows(
                ResourceNotFoundException.class,
                () -> db.putItem(b -> b.tableName("no-such-table").item(item("x", 1, "x"))));
        DynamoDbException missingKey = assertThrows(
                DynamoDbException.class,
                () -> db.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("only-pk")))));
        assertEquals("ValidationException", missingKey.awsErrorDetails().errorCode());
        DynamoDbException wrongType = assertThrows(
                DynamoDbException.class,
                () -> db.putItem(b -> b.tableName(TABLE)
                        .item(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS("not-a-number")))));
        assertEquals("ValidationException", wrongType.awsErrorDetails().errorCode());

        assertEquals(before, sequences(cluster), "no log entry was written for bad input");
        long items = db.scanPaginator(b -> b.tableName(TABLE).consistentRead(true)).items().stream()
                .count();
        assertEquals(acknowledged.size(), items);
    }

    @Test
    @Order(5)
    void archivedSegmentsValidate() throws IOException {
        for (int i = 0; i < 60; i++) {
            put("arch-" + (i % 12), i, "archived " + i);
        }
        flushArchives(cluster);
        Map<String, Long> sequences = sequences(cluster);
        Set<String> archivedKeys = new HashSet<>();
        try (S3Client s3 = ArchiveS3.client(cluster.config().archive())) {
            String bucket = cluster.config().archive().bucket();
            List<String> objects = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                    .map(S3Object::key)
                    .toList();
            ArchiveReader reader = new ArchiveReader(s3, bucket);
            for (String group : new RaftGroups(cluster.config()).dataGroupNames()) {
                List<SegmentManifest> manifests = reader.manifests(group);
                long expectedFirst = 1;
                for (SegmentManifest m : manifests) {
                    assertEquals(expectedFirst, m.firstSequence(), "segments of " + group + " are contiguous");
                    assertTrue(objects.contains(m.segmentKey()), "segment object exists: " + m.segmentKey());
                    byte[] segment = s3.getObjectAsBytes(b -> b.bucket(bucket).key(m.segmentKey()))
                            .asByteArray();
                    assertEquals(m.sha256(), Segment.sha256(segment), "segment checksum matches manifest");
                    expectedFirst = m.lastSequence() + 1;
                }
                // readAll re-checks each entry's CRC32C and numbering; every applied write entry is archived.
                List<SequencedRecord> records = reader.readAll(group);
                assertEquals(sequences.get(group), (long) records.size(), "all entries of " + group + " archived");
                for (SequencedRecord r : records) {
                    DataCommand.Write w = (DataCommand.Write) DataCommand.decode(Envelope.open(r.record()));
                    assertEquals(TABLE, w.table());
                    archivedKeys.add(new String(
                            ItemWrite.decode(w.itemWrite()).key().storageKey(), StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertTrue(archivedKeys.size() >= acknowledged.size(), "every acknowledged key appears in the archive");
    }

    @Test
    @Order(6)
    void scrubDetectsCorruptedSstFilesAndRepairsTheReplica() throws IOException {
        String anyNode = cluster.config().nodes().get(0).adminUrl();
        JsonNode clean = cluster.admin().post(anyNode + "/scrub");
        assertTrue(clean.get("clean").asBoolean(), "fresh cluster scrubs clean: " + clean);

        String group = ReplicationGroups.dataGroupName(0);
        NodeConfig victim = cluster.config().nodes().get(1);
        cluster.admin().post(victim.adminUrl() + "/storage/flush");
        cluster.kill(victim.id());
        flipBytes(itemSstFile(cluster, victim, group));
        cluster.restartNode(victim.id());
        cluster.awaitReady(Duration.ofSeconds(120));

        JsonNode dirtyReport = cluster.admin().post(anyNode + "/scrub?group=" + group);
        JsonNode dirty = dirtyReport.get("groups").get(0);
        assertFalse(dirty.get("clean").asBoolean(), dirty.toString());
        assertEquals(List.of(victim.id()), strings(dirty.get("badReplicas")), dirty.toString());
        assertTrue(
                dirty.get("problems").toString().contains("replica " + victim.id() + " storage corrupt"),
                dirty.toString());
        assertEquals(List.of(victim.id()), strings(dirty.get("repaired")), dirty.toString());
        // The victim recorded one item-store incident, and the repair above marked it repaired.
        List<JsonNode> found = incidents(dirtyReport.get("incidents"), "item-store");
        assertEquals(1, found.size(), dirtyReport.get("incidents").toString());
        assertEquals(group, found.get(0).get("group").asText());
        assertEquals(victim.id(), found.get(0).get("replica").asText());
        assertTrue(found.get(0).get("repaired").asBoolean(), found.toString());
        assertTrue(found.get(0).get("repairedAtMillis").asLong()
                >= found.get(0).get("detectedAtMillis").asLong());
        assertEquals(List.of(), strings(dirtyReport.get("unreachable")));

        awaitCaughtUp(cluster, victim.id());
        JsonNode rescrub = cluster.admin()
                .post(anyNode + "/scrub?group=" + group)
                .get("groups")
                .get(0);
        assertTrue(rescrub.get("clean").asBoolean(), "repaired replica scrubs clean: " + rescrub);
        String reference = rescrub.get("reference").get("sha256").asText();
        assertEquals(3, rescrub.get("replicas").size());
        for (JsonNode r : rescrub.get("replicas")) {
            assertEquals(reference, r.get("sha256").asText(), "replica " + r.get("replica") + " equals the archive");
        }
    }

    @Test
    @Order(7)
    void killingALeaderLosesNoAcknowledgedWriteAndTheNodeCatchesUpAfterRestart() {
        for (int i = 0; i < 40; i++) {
            put("kill-" + (i % 8), i, "before the crash " + i);
        }
        String group = ReplicationGroups.dataGroupName(0);
        String leader = cluster.leaderOf(group).orElseThrow();
        cluster.kill(leader);

        // A new leader takes over: a write eventually succeeds again (errors meanwhile are 5xx, never success).
        await(Duration.ofSeconds(60))
                .ignoreExceptionsMatching(e -> e instanceof DynamoDbException d && d.statusCode() >= 500)
                .until(() -> {
                    put("after-crash", 1, "new leader");
                    return true;
                });
        String newLeader = await(Duration.ofSeconds(30))
                .until(() -> cluster.leaderOf(group).orElse(null), l -> l != null);
        assertNotEquals(leader, newLeader);

        for (Map.Entry<Map<String, AttributeValue>, Map<String, AttributeValue>> e : acknowledged.entrySet()) {
            Map<String, AttributeValue> read = await(Duration.ofSeconds(60))
                    .ignoreExceptionsMatching(x -> x instanceof DynamoDbException d && d.statusCode() >= 500)
                    .until(() -> getConsistent(e.getKey()), r -> true);
            assertEquals(e.getValue(), read, "acknowledged write survives the leader's crash: " + e.getKey());
        }

        cluster.restartNode(leader);
        awaitCaughtUp(cluster, leader);
    }
}
