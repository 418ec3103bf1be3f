package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DynamoApi over raw JSON: error bodies, status codes and DynamoDB-worded validation messages. */
class DynamoApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private InMemoryBackend backend;
    private DynamoApi api;

    @BeforeEach
    void setUp() {
        backend = new InMemoryBackend();
        api = new DynamoApi(
                backend,
                new ApiConfig(
                        4, "eu-central-1", Clock.fixed(Instant.parse("2026-11-27T00:00:00.250Z"), ZoneOffset.UTC)));
        call("CreateTable", """
        {"TableName":"tbl","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
         "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],
         "BillingMode":"PAY_PER_REQUEST"}""");
    }

    private JsonNode call(String operation, String body) {
        ApiResponse response = api.handle("DynamoDB_20120810." + operation, body.getBytes(StandardCharsets.UTF_8));
        try {
            JsonNode node = JSON.readTree(response.body());
            assertEquals(200, response.status(), node.toString());
            return node;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void assertError(int status, String type, String messageStart, String operation, String body) {
        ApiResponse response = api.handle("DynamoDB_20120810." + operation, body.getBytes(StandardCharsets.UTF_8));
        try {
            JsonNode node = JSON.readTree(response.body());
            assertEquals(status, response.status(), node.toString());
            assertEquals(type, node.get("__type").asText());
            assertTrue(
                    node.get("message").asText().startsWith(messageStart),
                    "expected '" + messageStart + "' but was '"
                            + node.get("message").asText() + "'");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final String DDB = "com.amazonaws.dynamodb.v20120810#";
    private static final String CORAL = "com.amazon.coral.service#";

    @Test
    void describeTableRendersTheDescription() {
        JsonNode table = call("DescribeTable", "{\"TableName\":\"tbl\"}").get("Table");
        assertEquals(
                "arn:aws:dynamodb:eu-central-1:000000000000:table/tbl",
                table.get("TableArn").asText());
        assertEquals("ACTIVE", table.get("TableStatus").asText());
        assertEquals(1795737600.25, table.get("CreationDateTime").asDouble(), 1e-6);
        assertEquals("RANGE", table.get("KeySchema").get(1).get("KeyType").asText());
    }

    @Test
    void errorBodiesMatchDynamoDb() {
        ApiResponse response = api.handle(
                "DynamoDB_20120810.DescribeTable", "{\"TableName\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.status());
        assertEquals(
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                        + "\"message\":\"Requested resource not found\"}",
                new String(response.body(), StandardCharsets.UTF_8));
        assertError(400, CORAL + "UnknownOperationException", "Unknown or unsupported operation: x", "x", "{}");
        ApiResponse noTarget = api.handle(null, "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, noTarget.status());
    }

    @Test
    void backendFailuresMapToServerErrors() {
        DynamoApi failing = new DynamoApi(new InMemoryBackend() {
            @Override
            public Optional<TableDescription> describeTable(String tableName) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public List<String> listTables() {
                throw new DynamoException(DynamoError.ServiceUnavailableException, "no leader");
            }
        });
        ApiResponse internal = failing.handle(
                "DynamoDB_20120810.DescribeTable", "{\"TableName\":\"abc\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(500, internal.status());
        assertTrue(new String(internal.body(), StandardCharsets.UTF_8).contains("#InternalServerError"));
        ApiResponse unavailable = failing.handle("DynamoDB_20120810.ListTables", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(503, unavailable.status());
    }

    @Test
    void malformedAttributeValuesAreRejected() {
        assertError(400, CORAL + "SerializationException", "Malformed JSON", "PutItem", "{\"TableName\":");
        assertError(400, CORAL + "SerializationException", "The request body must be a JSON object", "PutItem", "[]");
        assertError(
                400,
                CORAL + "SerializationException",
                "Unexpected value type in payload: Item.pk",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":\"x\"}}");
        assertError(
                400,
                CORAL + "SerializationException",
                "Unexpected value type in payload: TableName",
                "PutItem",
                "{\"TableName\":5}");
        assertError(
                400,
                DDB + "ValidationException",
                "Supplied AttributeValue is empty",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "Supplied AttributeValue has more than one datatypes set",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: Null attribute value types must have the value of true",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"x\":{\"NULL\":false}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: Input collection",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},"
                        + "\"x\":{\"NS\":[\"1\",\"1.0\"]}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: An string set  may not" + " be empty",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}," + "\"x\":{\"SS\":[]}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "ExpressionAttributeValues can only be specified when using" + " expressions",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                        + "\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "Parameter Expected of PutItem is not supported",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},\"Expected\":{}}");
        assertError(
                400,
                DDB + "ValidationException",
                "ReturnValues can only be ALL_OLD or NONE",
                "PutItem",
                "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},\"ReturnValues\":\"ALL_NEW\"}");
        assertEquals(0, backend.writeCalls.get(), "nothing reached the backend");
    }

    @Test
    void createTableValidation() {
        assertError(
                400,
                DDB + "ValidationException",
                "1 validation error detected: Value null at 'keySchema'",
                "CreateTable",
                "{\"TableName\":\"tu1\",\"AttributeDefinitions\":[{\"AttributeName\":\"a\","
                        + "\"AttributeType\":\"S\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: Some index key" + " attributes are not defined",
                "CreateTable",
                "{\"TableName\":\"tu1\",\"KeySchema\":[{\"AttributeName\":"
                        + "\"b\",\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
        assertError(
                400,
                DDB + "ValidationException",
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key",
                "CreateTable",
                "{\"TableName\":\"tu1\",\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"RANGE\"}],"
                        + "\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: ReadCapacityUnits and"
                        + " WriteCapacityUnits must both be specified",
                "CreateTable",
                "{\"TableName\":\"tu1\",\"KeySchema\":"
                        + "[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"a\","
                        + "\"AttributeType\":\"S\"}]}");
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: Tag gameday:partitions",
                "CreateTable",
                "{\"TableName\":\"tu1\",\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}],"
                        + "\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\",\"Tags\":[{\"Key\":\"gameday:partitions\",\"Value\":\"many\"}]}");
        assertError(
                400,
                DDB + "ValidationException",
                "1 validation error detected: Value 'a' at 'tableName'",
                "DescribeTable",
                "{\"TableName\":\"a\"}");
        assertEquals(List.of("tbl"), backend.listTables());
        JsonNode provisioned = call(
                "CreateTable",
                "{\"TableName\":\"tu2\",\"KeySchema\":[{\"AttributeName\":\"a\","
                        + "\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"B\"}],"
                        + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":5,\"WriteCapacityUnits\":6}}");
        assertEquals(
                6,
                provisioned
                        .get("TableDescription")
                        .get("ProvisionedThroughput")
                        .get("WriteCapacityUnits")
                        .asInt());
    }

    @Test
    void queryKeyConditionValidation() {
        String base = "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"%s\",\"ExpressionAttributeValues\":%s}";
        assertError(
                400,
                DDB + "ValidationException",
                "Query condition missed key schema element: pk",
                "Query",
                base.formatted("sk = :v", "{\":v\":{\"N\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "Invalid operator used in KeyConditionExpression: OR",
                "Query",
                base.formatted("pk = :p OR sk = :v", "{\":p\":{\"S\":\"a\"},\":v\":{\"N\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "Unsupported operator on KeyConditionExpression: operator: <>",
                "Query",
                base.formatted("pk = :p AND sk <> :v", "{\":p\":{\"S\":\"a\"},\":v\":{\"N\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "One or more parameter values were invalid: Condition parameter type does not match schema type",
                "Query",
                base.formatted("pk = :p AND sk > :v", "{\":p\":{\"S\":\"a\"},\":v\":{\"S\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "Invalid KeyConditionExpression: Incorrect operand type",
                "Query",
                base.formatted("pk = :p AND begins_with(sk, :v)", "{\":p\":{\"S\":\"a\"},\":v\":{\"N\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "Query condition missed key schema element",
                "Query",
                base.formatted("pk = :p AND other = :v", "{\":p\":{\"S\":\"a\"},\":v\":{\"N\":\"1\"}}"));
        assertError(
                400,
                DDB + "ValidationException",
                "Filter Expression can only contain non-primary key attributes:" + " Primary key attribute: sk",
                "Query",
                "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p\","
                        + "\"FilterExpression\":\"x = :p OR size(sk) > :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "Query key condition not supported",
                "Query",
                base.formatted("pk = :p AND size(sk) = :v", "{\":p\":{\"S\":\"a\"},\":v\":{\"N\":\"1\"}}"));
    }

    @Test
    void scanSegmentValidation() {
        assertError(
                400,
                DDB + "ValidationException",
                "The Segment parameter is required",
                "Scan",
                "{\"TableName\":\"tbl\",\"TotalSegments\":2}");
        assertError(
                400,
                DDB + "ValidationException",
                "The TotalSegments parameter is required",
                "Scan",
                "{\"TableName\":\"tbl\",\"Segment\":0}");
        assertError(
                400,
                DDB + "ValidationException",
                "The Segment parameter is zero-based",
                "Scan",
                "{\"TableName\":\"tbl\",\"Segment\":2,\"TotalSegments\":2}");
        assertError(
                400,
                DDB + "ValidationException",
                "1 validation error detected: Value '0' at 'limit'",
                "Scan",
                "{\"TableName\":\"tbl\",\"Limit\":0}");
        assertEquals(
                0,
                call("Scan", "{\"TableName\":\"tbl\",\"Segment\":1,\"TotalSegments\":9}")
                        .get("Count")
                        .asInt());
    }

    @Test
    void pagesStopAfterOneMegabyteOfItems() {
        String payload = "x".repeat(100_000);
        for (int i = 0; i < 25; i++) {
            call(
                    "PutItem",
                    "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"" + i
                            + "\"},\"data\":{\"S\":\"" + payload + "\"}}}");
        }
        JsonNode first = call(
                "Query",
                "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p\","
                        + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p\"}}}");
        int count = first.get("Count").asInt();
        assertTrue(count >= 10 && count <= 11, "about 1 MB of 100 KB items, was " + count);
        assertEquals(count - 1, first.get("LastEvaluatedKey").get("sk").get("N").asInt());
        JsonNode rest = call(
                "Query",
                "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p\","
                        + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p\"}},\"ExclusiveStartKey\":"
                        + first.get("LastEvaluatedKey") + ",\"Select\":\"COUNT\"}");
        assertEquals(Math.min(25 - count, count), rest.get("Count").asInt());
    }

    @Test
    void startKeysMustFitTheRequest() {
        call("PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "The provided starting key is invalid",
                "Query",
                "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p\",\"ExpressionAttributeValues\":"
                        + "{\":p\":{\"S\":\"a\"}},\"ExclusiveStartKey\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"}}}");
        assertError(
                400,
                DDB + "ValidationException",
                "The provided starting key is invalid: The provided key element" + " does not match the schema",
                "Scan",
                "{\"TableName\":\"tbl\",\"ExclusiveStartKey\":{\"pk\":{\"S\":" + "\"b\"}}}");
        // With 9 segments over 4 partitions, a key belongs to exactly one segment; the others reject it.
        PrimaryKey key = PrimaryKey.of(
                new KeyElement("pk", new AttributeValue.S("a")), new KeyElement("sk", AttributeValue.N.of(1)));
        int owner = -1;
        for (int s = 0; s < 9; s++) {
            if (ScanSegments.contains(s, 9, 4, key)) {
                owner = s;
            }
        }
        String esk = "\"ExclusiveStartKey\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}";
        call("Scan", "{\"TableName\":\"tbl\",\"Segment\":" + owner + ",\"TotalSegments\":9," + esk + "}");
        assertError(
                400,
                DDB + "ValidationException",
                "The provided Exclusive start key does not map",
                "Scan",
                "{\"TableName\":\"tbl\",\"Segment\":" + ((owner + 1) % 9) + ",\"TotalSegments\":9," + esk + "}");
    }
}
