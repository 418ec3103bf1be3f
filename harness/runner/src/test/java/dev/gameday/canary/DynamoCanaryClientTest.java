package dev.gameday.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.history.HistoryWriter;
import dev.gameday.history.Op;
import dev.gameday.history.OpType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB canary client and the outcome classification end to end: the real SDK over real
 * sockets against a local HTTP server that answers with scripted DynamoDB JSON 1.0 responses.
 */
class DynamoCanaryClientTest {
    /**
     * Long enough for a fresh JVM's first SDK call on a loaded two-core machine (a CI run saw 800 ms run out
     * on the first call and the scripted answer come back as a timeout); only the timeout test waits for it.
     */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer's delay meaning "until the test releases it" (with {@link #held}), 30 s at most. */
    private static final long HELD = -1;

    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);

    /** One scripted answer: status, body, and how long to wait before sending it ({@link #HELD}: until released). */
    record Answer(int status, String body, long delayMillis) {}

    /** A received request: its X-Amz-Target operation and its JSON body. */
    record Received(String operation, JsonNode body) {}

    @TempDir
    Path dir;

    private HttpServer server;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private DynamoDbClient sdk;
    private HistoryWriter writer;
    private HistoryRecorder recorder;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            received.add(new Received(target.substring(target.indexOf('.') + 1), JSON.readTree(request)));
            Answer answer = answers.poll();
            if (answer == null) {
                answer = new Answer(500, "{\"__type\":\"InternalServerError\",\"message\":\"unscripted\"}", 0);
            }
            try {
                if (answer.delayMillis() == HELD) {
                    held.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } else {
                    Thread.sleep(answer.delayMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            try {
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException clientGone) {
                // The client timed out and closed the connection: nothing to answer.
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        sdk = client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        writer = new HistoryWriter(dir.resolve("history.edn"));
        recorder = new HistoryRecorder(writer, List.of());
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoCanaryClient.newSdkClient(
                endpoint,
                Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("canary", "canary-secret")),
                CALL_TIMEOUT);
    }

    @AfterEach
    void stop() {
        sdk.close();
        writer.close();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private Op call(DynamoDbClient via, Command command) {
        CanaryClient client = new DynamoCanaryClient(via, "canary");
        return recorder.record(
                0, command.f(), command.key(), command.value(), Map.of("az", "az1"), () -> client.execute(command));
    }

    private static String error(String type, String message) {
        return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
    }

    @Test
    void readIsAConsistentGetItem() {
        answers.add(new Answer(200, "{\"Item\":{\"pk\":{\"S\":\"r0\"},\"val\":{\"N\":\"3\"}}}", 0));
        answers.add(new Answer(200, "{}", 0));
        Op present = call(sdk, new Command("read", "r0", null, 0));
        Op absent = call(sdk, new Command("read", "r1", null, 0));
        assertEquals(OpType.OK, present.type());
        assertEquals(3L, present.value());
        assertEquals(OpType.OK, absent.type());
        assertNull(absent.value());
        Received get = received.get(0);
        assertEquals("GetItem", get.operation());
        assertTrue(get.body().get("ConsistentRead").asBoolean());
        assertEquals("r0", get.body().get("Key").get("pk").get("S").asText());
    }

    @Test
    void writeIsAPutItemWithPayload() {
        answers.add(new Answer(200, "{}", 0));
        Op ok = call(sdk, new Command("write", "u-a-0", 0L, 120));
        assertEquals(OpType.OK, ok.type());
        assertEquals(0L, ok.value());
        JsonNode item = received.get(0).body().get("Item");
        assertEquals("PutItem", received.get(0).operation());
        assertEquals("0", item.get("val").get("N").asText());
        assertEquals(120, item.get("payload").get("S").asText().length());
    }

    @Test
    void failedConditionIsADefiniteFail() {
        answers.add(new Answer(400, error("ConditionalCheckFailedException", "The conditional request failed"), 0));
        Op cas = call(sdk, new Command("cas", "r0", List.of(1L, 2L), 10));
        assertEquals(OpType.FAIL, cas.type());
        assertEquals("ConditionalCheckFailedException", cas.extra().get("error"));
        JsonNode update = received.get(0).body();
        assertEquals("UpdateItem", received.get(0).operation());
        assertEquals("#v = :expected", update.get("ConditionExpression").asText());
        assertEquals(
                "1",
                update.get("ExpressionAttributeValues")
                        .get(":expected")
                        .get("N")
                        .asText());
        assertEquals(
                "2",
                update.get("ExpressionAttributeValues").get(":new").get("N").asText());
    }

    @Test
    void validationAndThrottlingAreDefiniteFails() {
        answers.add(new Answer(400, error("ValidationException", "bad key"), 0));
        answers.add(new Answer(400, error("ThrottlingException", "slow down"), 0));
        Op invalid = call(sdk, new Command("write", "r0", 1L, 10));
        Op throttled = call(sdk, new Command("write", "r0", 1L, 10));
        assertEquals(List.of(OpType.FAIL, OpType.FAIL), List.of(invalid.type(), throttled.type()));
        assertEquals("ValidationException", invalid.extra().get("error"));
        assertEquals("ThrottlingException", throttled.extra().get("error"));
        assertEquals(2, received.size(), "throttling is not retried");
    }

    @Test
    void serverErrorIsIndeterminateAndNotRetried() {
        answers.add(new Answer(500, error("InternalServerError", "boom"), 0));
        Op write = call(sdk, new Command("write", "r0", 1L, 10));
        assertEquals(OpType.INFO, write.type());
        assertEquals("InternalServerError", write.extra().get("error"));
        assertEquals(1, received.size(), "one attempt: a retry could hide whether the first applied");
    }

    /**
     * The answer is held until the call has given up (30 s at most), so only a client that honours its
     * timeout sees one; before, the answer came 700 ms after the timeout and the call had to end within 600 ms
     * of it, which a loaded 2-core machine's first SDK call (800 ms of class loading seen in CI) could miss.
     */
    @Test
    void timeoutIsIndeterminate() throws InterruptedException {
        answers.add(new Answer(200, "{}", HELD));
        Op write;
        try {
            write = call(sdk, new Command("write", "r0", 1L, 10));
        } finally {
            held.countDown();
        }
        assertEquals(OpType.INFO, write.type(), "a client without its timeout gets the held answer after 30 s");
        assertEquals("timeout", write.extra().get("error"));
        long latency = (Long) write.extra().get("latency-ms");
        // Nothing ends a call before its timeout; the ceiling only tells "gave up at the timeout" from
        // "waited for the 30 s answer", with room for a descheduled thread.
        assertTrue(latency >= CALL_TIMEOUT.toMillis() && latency < CALL_TIMEOUT.toMillis() + 10_000, write.toString());
    }

    @Test
    void refusedConnectionIsADefiniteFail() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient refused = client(URI.create("http://127.0.0.1:" + closedPort))) {
            Op write = call(refused, new Command("write", "r0", 1L, 10));
            assertEquals(OpType.FAIL, write.type(), write.toString());
            assertEquals("connection-refused", write.extra().get("error"));
        }
    }

    @Test
    void scanAllFollowsPagesWithConsistentReads() {
        answers.add(new Answer(
                200,
                "{\"Items\":[{\"pk\":{\"S\":\"u-a-0\"},\"val\":{\"N\":\"0\"}}],"
                        + "\"LastEvaluatedKey\":{\"pk\":{\"S\":\"u-a-0\"}},\"Count\":1,\"ScannedCount\":1}",
                0));
        answers.add(new Answer(
                200,
                "{\"Items\":[{\"pk\":{\"S\":\"r0\"},\"val\":{\"N\":\"4\"}}]," + "\"Count\":1,\"ScannedCount\":1}",
                0));
        Map<String, Long> all = new DynamoCanaryClient(sdk, "canary").scanAll();
        assertEquals(Map.of("u-a-0", 0L, "r0", 4L), all);
        assertEquals(2, received.size());
        assertTrue(received.get(0).body().get("ConsistentRead").asBoolean());
        assertEquals(
                "u-a-0",
                received.get(1)
                        .body()
                        .get("ExclusiveStartKey")
                        .get("pk")
                        .get("S")
                        .asText());
    }
}
