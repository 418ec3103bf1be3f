package dev.gameday.canary;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Canary commands as DynamoDB calls. Items are {@code {pk: S key, val: N value, payload: S filler}}:
 * read is a GetItem with ConsistentRead, write a PutItem, cas an UpdateItem with
 * {@code ConditionExpression val = :expected}, so a false condition comes back as
 * ConditionalCheckFailedException. The SDK client must not retry (see {@link #newSdkClient}).
 */
public final class DynamoCanaryClient implements CanaryClient {
    public static final String KEY = "pk";
    public static final String VALUE = "val";
    public static final String PAYLOAD = "payload";

    private final DynamoDbClient dynamo;
    private final String table;
    private final boolean consistentReads;

    public DynamoCanaryClient(DynamoDbClient dynamo, String table) {
        this(dynamo, table, true);
    }

    private DynamoCanaryClient(DynamoDbClient dynamo, String table, boolean consistentReads) {
        this.dynamo = dynamo;
        this.table = table;
        this.consistentReads = consistentReads;
    }

    /**
     * The same client with eventually consistent reads ({@code ConsistentRead=false}, any replica may answer), which
     * the history still records as linearizable reads: {@link ClientBug#SERIALIZABLE_READS}, for proving a catch.
     */
    public DynamoCanaryClient withEventuallyConsistentReads() {
        return new DynamoCanaryClient(dynamo, table, false);
    }

    /**
     * An SDK client for canary use: one attempt per call (a retry could turn a timed-out but applied
     * write into a ConditionalCheckFailed that looks definite) and a hard per-call timeout.
     */
    public static DynamoDbClient newSdkClient(
            URI endpoint, Region region, AwsCredentialsProvider credentials, Duration callTimeout) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(callTimeout)
                        .build())
                .build();
    }

    @Override
    public Object execute(Command command) {
        return switch (command.f()) {
            case "read" -> read(command.key());
            case "write" -> write(command);
            case "cas" -> cas(command);
            default -> throw new IllegalArgumentException("no DynamoDB call for canary command " + command);
        };
    }

    private Long read(String key) {
        GetItemResponse response = dynamo.getItem(
                r -> r.tableName(table).consistentRead(consistentReads).key(key(key)));
        return response.hasItem() && response.item().containsKey(VALUE)
                ? Long.parseLong(response.item().get(VALUE).n())
                : null;
    }

    private Object write(Command command) {
        Map<String, AttributeValue> item = new TreeMap<>(key(command.key()));
        item.put(VALUE, number((Long) command.value()));
        item.put(PAYLOAD, AttributeValue.fromS(filler(command.payloadBytes())));
        dynamo.putItem(r -> r.tableName(table).item(item));
        return command.value();
    }

    private Object cas(Command command) {
        List<?> pair = (List<?>) command.value();
        dynamo.updateItem(r -> r.tableName(table)
                .key(key(command.key()))
                .updateExpression("SET #v = :new, #p = :payload")
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", VALUE, "#p", PAYLOAD))
                .expressionAttributeValues(Map.of(
                        ":new",
                        number((Long) pair.get(1)),
                        ":expected",
                        number((Long) pair.get(0)),
                        ":payload",
                        AttributeValue.fromS(filler(command.payloadBytes())))));
        return pair;
    }

    /**
     * The final read: every item of the table, by consistent scans, as key to value. Items without
     * a numeric value attribute are reported as a failure rather than skipped.
     */
    public Map<String, Long> scanAll() {
        Map<String, Long> values = new TreeMap<>();
        dynamo.scanPaginator(ScanRequest.builder()
                        .tableName(table)
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> {
                    if (!item.containsKey(KEY)
                            || !item.containsKey(VALUE)
                            || item.get(VALUE).n() == null) {
                        throw new IllegalStateException("item without " + KEY + " and numeric " + VALUE + ": " + item);
                    }
                    values.put(item.get(KEY).s(), Long.parseLong(item.get(VALUE).n()));
                });
        return values;
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, AttributeValue.fromS(key));
    }

    private static AttributeValue number(Long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String filler(int bytes) {
        return "x".repeat(Math.max(1, bytes));
    }
}
