package dev.gameday.store.protocol;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A JDK HTTP server on 127.0.0.1 around {@link AuthenticatedApi}: the smallest request router, so the real
 * AWS SDK can be pointed at the protocol in tests.
 */
final class ProtocolServer implements AutoCloseable {
    static final String ACCESS_KEY = "AKIDGAMEDAYTEST";
    static final String SECRET_KEY = "gameday-test-secret";
    static final String REGION = "us-east-1";

    final InMemoryBackend backend = new InMemoryBackend();
    private final AuthenticatedApi api;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes wait ~40 ms for delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    ProtocolServer(ApiConfig config) throws IOException {
        api = new AuthenticatedApi(
                new SigV4Verifier(Map.of(ACCESS_KEY, SECRET_KEY), REGION, "dynamodb"), new DynamoApi(backend, config));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        ApiResponse response = api.handle(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(),
                body);
        exchange.getResponseHeaders().set("Content-Type", ApiResponse.CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
