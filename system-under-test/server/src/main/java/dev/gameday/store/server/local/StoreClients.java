package dev.gameday.store.server.local;

import static dev.gameday.store.protocol.ApiConfig.PARTITIONS_TAG;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The AWS SDK DynamoDB client the tests and the benchmark use: retries off, so every failure is visible. */
public final class StoreClients {
    private StoreClients() {}

    public static DynamoDbClient dynamo(String endpoint) {
        return dynamo(endpoint, ClusterLayout.ACCESS_KEY, ClusterLayout.SECRET_KEY);
    }

    public static DynamoDbClient dynamo(String endpoint, String accessKey, String secretKey) {
        return dynamo(endpoint, accessKey, secretKey, Duration.ofSeconds(30));
    }

    /** With the call timeout of a client that gives up early, like the harness's canary (5 s). */
    public static DynamoDbClient dynamo(String endpoint, Duration callTimeout) {
        return dynamo(endpoint, ClusterLayout.ACCESS_KEY, ClusterLayout.SECRET_KEY, callTimeout);
    }

    private static DynamoDbClient dynamo(String endpoint, String accessKey, String secretKey, Duration callTimeout) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(ClusterLayout.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(callTimeout))
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(callTimeout))
                .build();
    }

    /** Creates a table keyed by a string partition key "pk" alone, with the store's default number of partitions. */
    public static void createTable(DynamoDbClient db, String table) {
        db.createTable(stringKeyTable(table).build());
    }

    /** The same with {@code partitions} partitions (the store's {@code gameday:partitions} tag). */
    public static void createTable(DynamoDbClient db, String table, int partitions) {
        db.createTable(stringKeyTable(table)
                .tags(Tag.builder()
                        .key(PARTITIONS_TAG)
                        .value(Integer.toString(partitions))
                        .build())
                .build());
    }

    private static CreateTableRequest.Builder stringKeyTable(String table) {
        return CreateTableRequest.builder()
                .tableName(table)
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }
}
