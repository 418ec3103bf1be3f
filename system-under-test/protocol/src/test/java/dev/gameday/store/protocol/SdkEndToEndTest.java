package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The unchanged AWS SDK v2 DynamoDbClient against SigV4Verifier + DynamoApi behind a JDK HTTP server on
 * 127.0.0.1, over the in-memory backend.
 */
class SdkEndToEndTest {
    private static ProtocolServer server;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new ProtocolServer(new ApiConfig(4, ProtocolServer.REGION, java.time.Clock.systemUTC()));
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static void createTable(
            String name,
            String hash,
            ScalarAttributeType hashType,
            String range,
            ScalarAttributeType rangeType,
            Integer partitions) {
        CreateTableRequest.Builder request =
                CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        List<KeySchemaElement> keys = new ArrayList<>(List.of(KeySchemaElement.builder()
                .attributeName(hash)
                .keyType(KeyType.HASH)
                .build()));
        List<AttributeDefinition> definitions = new ArrayList<>(List.of(AttributeDefinition.builder()
                .attributeName(hash)
                .attributeType(hashType)
                .build()));
        if (range != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(range)
                    .keyType(KeyType.RANGE)
                    .build());
            definitions.add(AttributeDefinition.builder()
                    .attributeName(range)
                    .attributeType(rangeType)
                    .build());
        }
        request.keySchema(keys).attributeDefinitions(definitions);
        if (partitions != null) {
            request.tags(Tag.builder()
                    .key("gameday:partitions")
                    .value(partitions.toString())
                    .build());
        }
        client.createTable(request.build());
        client.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    @Test
    void createsDescribesAndListsTables() {
        createTable("tables-users", "id", ScalarAttributeType.S, null, null, 3);
        var table = client.describeTable(r -> r.tableName("tables-users")).table();
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/tables-users", table.tableArn());
        assertEquals("id", table.keySchema().get(0).attributeName());
        assertEquals(KeyType.HASH, table.keySchema().get(0).keyType());
        assertEquals(ScalarAttributeType.S, table.attributeDefinitions().get(0).attributeType());
        assertEquals(0L, table.itemCount());
        assertTrue(table.creationDateTime().toEpochMilli() > 0);
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        assertEquals(
                3, server.backend.describeTable("tables-users").orElseThrow().partitionCount());
        assertTrue(client.listTables().tableNames().contains("tables-users"));

        createTable("tables-default", "id", ScalarAttributeType.N, null, null, null);
        assertEquals(
                4, server.backend.describeTable("tables-default").orElseThrow().partitionCount());

        assertThrows(
                ResourceInUseException.class,
                () -> createTable("tables-users", "id", ScalarAttributeType.S, null, null, null));
        ResourceNotFoundException missing = assertThrows(
                ResourceNotFoundException.class, () -> client.describeTable(r -> r.tableName("no-such-table")));
        assertTrue(missing.getMessage().startsWith("Requested resource not found"), missing.getMessage());
    }

    @Test
    void listTablesPaginates() {
        for (int i = 0; i < 5; i++) {
            createTable("list-" + i, "id", ScalarAttributeType.S, null, null, 1);
        }
        Set<String> seen = new HashSet<>();
        client.listTablesPaginator(r -> r.limit(2)).tableNames().forEach(seen::add);
        for (int i = 0; i < 5; i++) {
            assertTrue(seen.contains("list-" + i));
        }
    }

    @Test
    void itemsOfEveryTypeRoundTrip() {
        createTable("types", "id", ScalarAttributeType.S, null, null, 2);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s("k1"));
        item.put("s", s("héllo 😀"));
        item.put("n", n("0123.4500"));
        item.put("big", n("-1.2345678901234567890123456789012345678E+125"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xFF})));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("m", AttributeValue.fromM(Map.of("inner", s("x"), "deep", AttributeValue.fromM(Map.of("n", n("1"))))));
        item.put("l", AttributeValue.fromL(List.of(s("a"), n("2"), AttributeValue.fromBool(false))));
        item.put("ss", AttributeValue.fromSs(List.of("b", "a")));
        item.put("ns", AttributeValue.fromNs(List.of("10", "2.50")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("z"), SdkBytes.fromUtf8String("y"))));
        client.putItem(r -> r.tableName("types").item(item));

        Map<String, AttributeValue> read = client.getItem(
                        r -> r.tableName("types").key(Map.of("id", s("k1"))).consistentRead(true))
                .item();
        assertEquals("héllo 😀", read.get("s").s());
        assertEquals("123.45", read.get("n").n(), "numbers come back normalised");
        assertEquals(
                0,
                new java.math.BigDecimal("-1.2345678901234567890123456789012345678E+125")
                        .compareTo(new java.math.BigDecimal(read.get("big").n())));
        assertEquals(item.get("b").b(), read.get("b").b());
        assertTrue(read.get("bool").bool());
        assertTrue(read.get("nul").nul());
        assertEquals(item.get("m"), read.get("m"));
        assertEquals(item.get("l"), read.get("l"));
        assertEquals(Set.of("a", "b"), new HashSet<>(read.get("ss").ss()));
        assertEquals(Set.of("10", "2.5"), new HashSet<>(read.get("ns").ns()));
        assertEquals(2, read.get("bs").bs().size());

        Map<String, AttributeValue> projected = client.getItem(r -> r.tableName("types")
                        .key(Map.of("id", s("k1")))
                        .projectionExpression("#s, m.deep, l[1]")
                        .expressionAttributeNames(Map.of("#s", "s")))
                .item();
        assertEquals(Set.of("s", "m", "l"), projected.keySet());
        assertEquals(
                Map.of("deep", AttributeValue.fromM(Map.of("n", n("1")))),
                projected.get("m").m());
        assertEquals(List.of(n("2")), projected.get("l").l());

        assertFalse(client.getItem(r -> r.tableName("types").key(Map.of("id", s("absent"))))
                .hasItem());
        Map<String, AttributeValue> old = client.deleteItem(
                        r -> r.tableName("types").key(Map.of("id", s("k1"))).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        assertEquals("123.45", old.get("n").n());
        assertEquals(0, server.backend.itemCount("types"));
    }

    @Test
    void conditionalWritesBehaveAsInDynamoDb() {
        createTable("cond", "id", ScalarAttributeType.S, null, null, 2);
        Map<String, AttributeValue> v1 = Map.of("id", s("a"), "version", n("1"), "owner", s("alice"));
        client.putItem(r -> r.tableName("cond").item(v1).conditionExpression("attribute_not_exists(id)"));

        // Put-if-absent a second time fails and stores nothing.
        Map<String, AttributeValue> intruder = Map.of("id", s("a"), "version", n("1"), "owner", s("mallory"));
        ConditionalCheckFailedException failed = assertThrows(
                ConditionalCheckFailedException.class,
                () -> client.putItem(r -> r.tableName("cond")
                        .item(intruder)
                        .conditionExpression("attribute_not_exists(id)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("alice", failed.item().get("owner").s(), "ALL_OLD on failure returns the stored item");
        assertEquals("alice", get("cond", "a").get("owner").s());

        // Optimistic concurrency: the update applies only at the expected version.
        client.updateItem(r -> r.tableName("cond")
                .key(Map.of("id", s("a")))
                .updateExpression("SET version = version + :one, #o = :bob")
                .conditionExpression("version = :expected")
                .expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":one", n("1"), ":bob", s("bob"), ":expected", n("1"))));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> client.updateItem(r -> r.tableName("cond")
                        .key(Map.of("id", s("a")))
                        .updateExpression("SET #o = :carol")
                        .conditionExpression("version = :stale")
                        .expressionAttributeNames(Map.of("#o", "owner"))
                        .expressionAttributeValues(Map.of(":carol", s("carol"), ":stale", n("1")))));
        Map<String, AttributeValue> stored = get("cond", "a");
        assertEquals("2", stored.get("version").n());
        assertEquals("bob", stored.get("owner").s());

        // Richer conditions: AND/OR/NOT, BETWEEN, IN, begins_with, contains, size.
        client.putItem(r -> r.tableName("cond")
                .item(Map.of(
                        "id",
                        s("a"),
                        "version",
                        n("3"),
                        "owner",
                        s("bob"),
                        "tags",
                        AttributeValue.fromSs(List.of("x", "y"))))
                .conditionExpression(
                        "(version BETWEEN :lo AND :hi) AND owner IN (:a, :b) AND NOT begins_with(owner, :z)"
                                + " AND (size(owner) = :three OR contains(owner, :q))")
                .expressionAttributeValues(Map.of(
                        ":lo",
                        n("1"),
                        ":hi",
                        n("2"),
                        ":a",
                        s("alice"),
                        ":b",
                        s("bob"),
                        ":z",
                        s("z"),
                        ":three",
                        n("3"),
                        ":q",
                        s("q"))));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> client.deleteItem(r -> r.tableName("cond")
                        .key(Map.of("id", s("a")))
                        .conditionExpression("contains(tags, :w)")
                        .expressionAttributeValues(Map.of(":w", s("w")))));
        client.deleteItem(r -> r.tableName("cond")
                .key(Map.of("id", s("a")))
                .conditionExpression("contains(tags, :x) AND version <> :two")
                .expressionAttributeValues(Map.of(":x", s("x"), ":two", n("2"))));
        assertEquals(0, server.backend.itemCount("cond"));
    }

    @Test
    void updateItemSetRemoveAddDeleteWithReturnValues() {
        createTable("upd", "id", ScalarAttributeType.S, null, null, 2);
        Map<String, AttributeValue> key = Map.of("id", s("u"));
        UpdateItemResponse created = client.updateItem(r -> r.tableName("upd")
                .key(key)
                .updateExpression("SET visits = if_not_exists(visits, :zero) + :one, tags = :tags, hist = :empty,"
                        + " doc = :doc")
                .expressionAttributeValues(Map.of(
                        ":zero",
                        n("0"),
                        ":one",
                        n("1"),
                        ":tags",
                        AttributeValue.fromSs(List.of("a")),
                        ":empty",
                        AttributeValue.fromL(List.of()),
                        ":doc",
                        AttributeValue.fromM(Map.of("x", n("1")))))
                .returnValues(ReturnValue.ALL_NEW));
        assertEquals("1", created.attributes().get("visits").n());
        assertEquals("u", created.attributes().get("id").s(), "UpdateItem creates the item with its key");

        UpdateItemResponse updated = client.updateItem(r -> r.tableName("upd")
                .key(key)
                .updateExpression("SET hist = list_append(hist, :h), doc.y = :two, visits = visits - :one"
                        + " ADD tags :more, score :five REMOVE gone")
                .expressionAttributeValues(Map.of(
                        ":h",
                        AttributeValue.fromL(List.of(s("e1"))),
                        ":two",
                        n("2"),
                        ":one",
                        n("1"),
                        ":more",
                        AttributeValue.fromSs(List.of("b")),
                        ":five",
                        n("5")))
                .returnValues(ReturnValue.UPDATED_NEW));
        Map<String, AttributeValue> attrs = updated.attributes();
        assertEquals(List.of(s("e1")), attrs.get("hist").l());
        assertEquals(Map.of("y", n("2")), attrs.get("doc").m(), "UPDATED_NEW returns only the updated paths");
        assertEquals("0", attrs.get("visits").n());
        assertEquals(Set.of("a", "b"), new HashSet<>(attrs.get("tags").ss()));
        assertEquals("5", attrs.get("score").n());
        assertFalse(attrs.containsKey("id"));

        UpdateItemResponse old = client.updateItem(r -> r.tableName("upd")
                .key(key)
                .updateExpression("REMOVE doc.x, hist[0] DELETE tags :a")
                .expressionAttributeValues(Map.of(":a", AttributeValue.fromSs(List.of("a"))))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertEquals(Map.of("x", n("1")), old.attributes().get("doc").m());
        Map<String, AttributeValue> stored = get("upd", "u");
        assertEquals(Map.of("y", n("2")), stored.get("doc").m());
        assertEquals(List.of(), stored.get("hist").l());
        assertEquals(List.of("b"), stored.get("tags").ss());

        Map<String, AttributeValue> allOld = client.updateItem(r -> r.tableName("upd")
                        .key(key)
                        .updateExpression("REMOVE tags")
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        assertEquals(List.of("b"), allOld.get("tags").ss());
        assertFalse(get("upd", "u").containsKey("tags"));

        // A runtime type error (string + number) is a ValidationException and changes nothing.
        client.updateItem(r -> r.tableName("upd")
                .key(key)
                .updateExpression("SET label = :l")
                .expressionAttributeValues(Map.of(":l", s("text"))));
        DynamoDbException typeError = assertThrows(
                DynamoDbException.class,
                () -> client.updateItem(r -> r.tableName("upd")
                        .key(key)
                        .updateExpression("SET label = label + :one")
                        .expressionAttributeValues(Map.of(":one", n("1")))));
        assertEquals("ValidationException", typeError.awsErrorDetails().errorCode());
        assertEquals("text", get("upd", "u").get("label").s());

        // UpdateItem without an UpdateExpression only makes sure the item exists.
        Map<String, AttributeValue> touched = client.updateItem(
                        r -> r.tableName("upd").key(Map.of("id", s("new"))).returnValues(ReturnValue.ALL_NEW))
                .attributes();
        assertEquals(Map.of("id", s("new")), touched);

        DynamoDbException keyUpdate = assertThrows(
                DynamoDbException.class,
                () -> client.updateItem(r -> r.tableName("upd")
                        .key(key)
                        .updateExpression("SET id = :x")
                        .expressionAttributeValues(Map.of(":x", s("other")))));
        assertTrue(keyUpdate.getMessage().contains("Cannot update attribute id"), keyUpdate.getMessage());
    }

    @Test
    void querySortKeyConditionsOrderAndPagination() {
        createTable("events", "pk", ScalarAttributeType.S, "ts", ScalarAttributeType.N, 4);
        for (int i = 0; i < 30; i++) {
            int ts = i;
            client.putItem(r -> r.tableName("events")
                    .item(Map.of(
                            "pk",
                            s("p1"),
                            "ts",
                            n(Integer.toString(ts - 10)),
                            "even",
                            AttributeValue.fromBool(ts % 2 == 0))));
            client.putItem(r -> r.tableName("events").item(Map.of("pk", s("p2"), "ts", n(Integer.toString(ts)))));
        }
        // -10..19 in p1; BETWEEN -3 AND 8 selects 12 items; Limit 5 forces three pages.
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(QueryRequest.builder()
                    .tableName("events")
                    .keyConditionExpression("pk = :p AND ts BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":p", s("p1"), ":lo", n("-3"), ":hi", n("8")))
                    .limit(5)
                    .exclusiveStartKey(from)
                    .build());
            page.items().forEach(i -> seen.add(i.get("ts").n()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        List<String> expected = new ArrayList<>();
        for (int t = -3; t <= 8; t++) {
            expected.add(Integer.toString(t));
        }
        assertEquals(expected, seen, "numeric sort order, every item once");
        assertEquals(3, pages);

        QueryResponse reversed = client.query(r -> r.tableName("events")
                .keyConditionExpression("pk = :p AND ts < :t")
                .expressionAttributeValues(Map.of(":p", s("p1"), ":t", n("-7")))
                .scanIndexForward(false));
        assertEquals(
                List.of("-8", "-9", "-10"),
                reversed.items().stream().map(i -> i.get("ts").n()).toList());

        QueryResponse filtered = client.query(r -> r.tableName("events")
                .keyConditionExpression("pk = :p AND ts >= :t")
                .filterExpression("even = :yes")
                .expressionAttributeValues(Map.of(":p", s("p1"), ":t", n("10"), ":yes", AttributeValue.fromBool(true)))
                .limit(6));
        assertEquals(6, filtered.scannedCount(), "Limit applies before the filter");
        assertEquals(3, filtered.count());
        assertTrue(
                filtered.hasLastEvaluatedKey() && !filtered.lastEvaluatedKey().isEmpty());

        QueryResponse counted = client.query(r -> r.tableName("events")
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p2")))
                .select(Select.COUNT));
        assertEquals(30, counted.count());
        assertTrue(counted.items().isEmpty());

        createTable("names", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S, 2);
        for (String sk : List.of("apple", "apricot", "banana", "ap", "b")) {
            client.putItem(r -> r.tableName("names").item(Map.of("pk", s("x"), "sk", s(sk))));
        }
        QueryResponse prefixed = client.query(r -> r.tableName("names")
                .keyConditionExpression("pk = :p AND begins_with(sk, :pre)")
                .expressionAttributeValues(Map.of(":p", s("x"), ":pre", s("ap"))));
        assertEquals(
                List.of("ap", "apple", "apricot"),
                prefixed.items().stream().map(i -> i.get("sk").s()).toList());
    }

    @Test
    void scanPaginatesAndParallelSegmentsCoverEveryItemOnce() throws Exception {
        createTable("scan", "id", ScalarAttributeType.N, null, null, 4);
        for (int i = 0; i < 120; i++) {
            int id = i;
            client.putItem(r -> r.tableName("scan")
                    .item(Map.of("id", n(Integer.toString(id)), "group", n(Integer.toString(id % 3)))));
        }
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            all.add(Integer.toString(i));
        }
        assertEquals(
                all,
                new HashSet<>(scanAll(ScanRequest.builder().tableName("scan").limit(7))));

        ScanResponse filtered = client.scan(r -> r.tableName("scan")
                .filterExpression("#g = :zero")
                .expressionAttributeNames(Map.of("#g", "group"))
                .expressionAttributeValues(Map.of(":zero", n("0"))));
        assertEquals(40, filtered.count());
        assertEquals(120, filtered.scannedCount());

        for (int total : List.of(1, 3, 4, 10)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> segments = new ArrayList<>();
                for (int segment = 0; segment < total; segment++) {
                    ScanRequest.Builder request = ScanRequest.builder()
                            .tableName("scan")
                            .segment(segment)
                            .totalSegments(total)
                            .limit(9);
                    segments.add(pool.submit(() -> scanAll(request)));
                }
                List<String> union = new ArrayList<>();
                for (Future<List<String>> f : segments) {
                    union.addAll(f.get());
                }
                assertEquals(120, union.size(), "no duplicates with TotalSegments=" + total);
                assertEquals(all, new HashSet<>(union), "every item with TotalSegments=" + total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<String> scanAll(ScanRequest.Builder request) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = client.scan(request.exclusiveStartKey(start).build());
            page.items().forEach(i -> ids.add(i.get("id").n()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    @Test
    void badInputIsRejectedBeforeTheBackendStoresAnything() throws Exception {
        createTable("strict", "id", ScalarAttributeType.S, null, null, 2);
        int writesBefore = server.backend.writeCalls.get();

        assertThrows(
                ResourceNotFoundException.class,
                () -> client.putItem(r -> r.tableName("nope-table").item(Map.of("id", s("x")))));
        assertValidation(
                "One or more parameter values were invalid: Missing the key id in the item",
                () -> client.putItem(r -> r.tableName("strict").item(Map.of("other", s("x")))));
        assertValidation(
                "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N",
                () -> client.putItem(r -> r.tableName("strict").item(Map.of("id", n("1")))));
        String big = "x".repeat(400 * 1024);
        assertValidation(
                "Item size has exceeded the maximum allowed size",
                () -> client.putItem(r -> r.tableName("strict").item(Map.of("id", s("big"), "payload", s(big)))));
        assertValidation(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                () -> client.putItem(r -> r.tableName("strict")
                        .item(Map.of("id", s("x")))
                        .conditionExpression("attribute_not_exists(id)")
                        .expressionAttributeValues(Map.of(":unused", s("u")))));
        assertValidation(
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined;"
                        + " attribute value: :missing",
                () -> client.putItem(
                        r -> r.tableName("strict").item(Map.of("id", s("x"))).conditionExpression("id = :missing")));
        assertValidation(
                "The provided key element does not match the schema",
                () -> client.getItem(r -> r.tableName("strict").key(Map.of("id", s("x"), "extra", s("y")))));
        assertValidation(
                "Invalid UpdateExpression: Two document paths overlap",
                () -> client.updateItem(r -> r.tableName("strict")
                        .key(Map.of("id", s("x")))
                        .updateExpression("SET a = :v, a.b = :v")
                        .expressionAttributeValues(Map.of(":v", s("v")))));
        assertValidation(
                "Attempting to store more than 38 significant digits in a Number",
                () -> client.putItem(r -> r.tableName("strict")
                        .item(Map.of("id", s("x"), "n", n("1234567890123456789012345678901234567890")))));

        HttpResponse<String> malformed = SignedHttp.sendSigned(
                server.endpoint(),
                "DynamoDB_20120810.PutItem",
                "{\"TableName\": \"strict\", \"Item\": {\"id\": {\"S\": \"x\"}");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("#SerializationException"), malformed.body());

        HttpResponse<String> unknownOp = SignedHttp.sendSigned(server.endpoint(), "DynamoDB_20120810.Frobnicate", "{}");
        assertEquals(400, unknownOp.statusCode());
        assertTrue(unknownOp.body().contains("#UnknownOperationException"), unknownOp.body());

        assertEquals(writesBefore, server.backend.writeCalls.get(), "no rejected request reached the backend");
        assertEquals(0, server.backend.itemCount("strict"));
    }

    @Test
    void unsignedOrBadlySignedRequestsAreRejected() throws Exception {
        createTable("auth", "id", ScalarAttributeType.S, null, null, 1);
        int writesBefore = server.backend.writeCalls.get();
        String put = "{\"TableName\":\"auth\",\"Item\":{\"id\":{\"S\":\"x\"}}}";
        byte[] body = put.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SignedHttp.unsigned(server.endpoint(), "DynamoDB_20120810.PutItem");

        HttpResponse<String> unsigned = SignedHttp.send(request, body);
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("#MissingAuthenticationTokenException"), unsigned.body());
        assertTrue(unsigned.body().contains("Request is missing Authentication Token"), unsigned.body());

        SdkHttpRequest signed = SignedHttp.sign(request, body, ProtocolServer.ACCESS_KEY, ProtocolServer.SECRET_KEY);
        byte[] tampered = put.replace("\"x\"", "\"y\"").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tamperedBody = SignedHttp.send(signed, tampered);
        assertTrue(tamperedBody.body().contains("#InvalidSignatureException"), tamperedBody.body());

        HttpResponse<String> tamperedHeader = SignedHttp.send(
                signed.toBuilder()
                        .putHeader("X-Amz-Target", "DynamoDB_20120810.DeleteItem")
                        .build(),
                body);
        assertTrue(tamperedHeader.body().contains("#InvalidSignatureException"), tamperedHeader.body());

        try (DynamoDbClient stranger = clientWith("AKIDUNKNOWN", ProtocolServer.SECRET_KEY);
                DynamoDbClient wrongSecret = clientWith(ProtocolServer.ACCESS_KEY, "not-the-secret")) {
            DynamoDbException unknownKey = assertThrows(
                    DynamoDbException.class,
                    () -> stranger.putItem(r -> r.tableName("auth").item(Map.of("id", s("x")))));
            assertEquals(
                    "UnrecognizedClientException", unknownKey.awsErrorDetails().errorCode());
            DynamoDbException badSecret = assertThrows(
                    DynamoDbException.class,
                    () -> wrongSecret.putItem(r -> r.tableName("auth").item(Map.of("id", s("x")))));
            assertEquals(
                    "InvalidSignatureException", badSecret.awsErrorDetails().errorCode());
        }

        HttpResponse<String> good = SignedHttp.send(signed, body);
        assertEquals(200, good.statusCode(), good.body());
        assertEquals(writesBefore + 1, server.backend.writeCalls.get(), "only the correctly signed request wrote");
    }

    private static DynamoDbClient clientWith(String accessKey, String secret) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(ProtocolServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Map<String, AttributeValue> get(String table, String id) {
        return client.getItem(r -> r.tableName(table).key(Map.of("id", s(id))).consistentRead(true))
                .item();
    }

    private static void assertValidation(String messageStart, org.junit.jupiter.api.function.Executable call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, call);
        assertEquals("ValidationException", e.awsErrorDetails().errorCode(), e.getMessage());
        assertTrue(
                e.awsErrorDetails().errorMessage().startsWith(messageStart),
                "expected '" + messageStart + "' but was '"
                        + e.awsErrorDetails().errorMessage() + "'");
    }
}
