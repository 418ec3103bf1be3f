package dev.gameday.store.server.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The AWS SDK DynamoDB client the tests and the benchmark use: retries off, so every failure is visible. */
public final class StoreClients {
    private StoreClients() {}

    public static DynamoDbClient dynamo(String endpoint) {
        return dynamo(endpoint, ClusterLayout.ACCESS_KEY, ClusterLayout.SECRET_KEY);
    }

    public static DynamoDbClient dynamo(String endpoint, String accessKey, String secretKey) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(ClusterLayout.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
