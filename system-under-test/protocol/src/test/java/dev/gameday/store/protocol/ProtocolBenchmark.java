package dev.gameday.store.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Cost of the request path without I/O, as ratios against baselines measured side by side in the same JVM:
 * DynamoApi.handle(PutItem/GetItem) against a bare Jackson parse+render of the same body, and SigV4
 * verification against a SHA-256 of the body. The backend does no storage work, so the figures are the
 * protocol layer's own cost. Fixed iteration counts; ends by itself.
 *
 * <p>Run: {@code mvn -q -o -pl system-under-test/protocol test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=dev.gameday.store.protocol.ProtocolBenchmark
 * -Dexec.classpathScope=test}
 */
public final class ProtocolBenchmark {
    private static final int WARMUP = 100_000;
    private static final int MEASURED = 200_000;
    private static volatile Object sink;

    private ProtocolBenchmark() {}

    public static void main(String[] args) throws Exception {
        TableDescription table = new TableDescription(
                "bench",
                KeySchema.hashAndRange("pk", ScalarType.S, "sk", ScalarType.N),
                4,
                0,
                Map.of("pk", "S", "sk", "N"));
        Item stored = new Item(Map.of(
                "pk",
                new AttributeValue.S("user-1"),
                "sk",
                AttributeValue.N.of(7),
                "name",
                new AttributeValue.S("Ada Lovelace"),
                "score",
                AttributeValue.N.of("12.5")));
        DynamoApi api = new DynamoApi(new NoStorageBackend(table, stored), ApiConfig.defaults());
        byte[] put = ("{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"user-1\"},\"sk\":{\"N\":\"7\"},"
                        + "\"name\":{\"S\":\"Ada Lovelace\"},\"score\":{\"N\":\"12.5\"},\"tags\":{\"SS\":[\"a\",\"b\"]}},"
                        + "\"ConditionExpression\":\"attribute_not_exists(pk) OR score < :max\","
                        + "\"ExpressionAttributeValues\":{\":max\":{\"N\":\"100\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] get = "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"user-1\"},\"sk\":{\"N\":\"7\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper();

        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDBENCH", "secret"))
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://127.0.0.1:8000/"))
                                .putHeader("Content-Type", ApiResponse.CONTENT_TYPE)
                                .putHeader("X-Amz-Target", "DynamoDB_20120810.PutItem")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(put))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request();
        SigV4Verifier verifier =
                new SigV4Verifier(Map.of("AKIDBENCH", "secret"), "us-east-1", "dynamodb", Clock.systemUTC());

        Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
        operations.put("baseline: Jackson parse+render PutItem body", () -> uncheckedJson(mapper, put));
        operations.put("DynamoApi.handle PutItem (conditional)", () -> api.handle("DynamoDB_20120810.PutItem", put));
        operations.put("baseline: Jackson parse+render GetItem body", () -> uncheckedJson(mapper, get));
        operations.put("DynamoApi.handle GetItem", () -> api.handle("DynamoDB_20120810.GetItem", get));
        operations.put("baseline: SHA-256 of PutItem body", () -> sha256(put));
        operations.put("SigV4Verifier.verify", () -> {
            verifier.verify("POST", "/", null, signed.headers(), put);
            return signed;
        });
        // Warm every operation before timing any, so JIT compilation does not favour the later ones.
        operations.values().forEach(op -> repeat(op, WARMUP));
        Map<String, Double> nanos = new LinkedHashMap<>();
        operations.forEach((name, op) -> {
            long start = System.nanoTime();
            repeat(op, MEASURED);
            nanos.put(name, (System.nanoTime() - start) / (double) MEASURED);
            System.out.printf("%-50s %10.0f ns/op%n", name, nanos.get(name));
        });
        List<Double> n = List.copyOf(nanos.values());
        double jsonPut = n.get(0);
        double apiPut = n.get(1);
        double jsonGet = n.get(2);
        double apiGet = n.get(3);
        double sha = n.get(4);
        double sigv4 = n.get(5);

        System.out.printf("%nratios (same JVM, same run):%n");
        System.out.printf("  PutItem handle / JSON baseline = %.1fx%n", apiPut / jsonPut);
        System.out.printf("  GetItem handle / JSON baseline = %.1fx%n", apiGet / jsonGet);
        System.out.printf("  SigV4 verify / SHA-256 baseline = %.1fx%n", sigv4 / sha);
    }

    private static void repeat(Supplier<Object> operation, int times) {
        for (int i = 0; i < times; i++) {
            sink = operation.get();
        }
    }

    private static Object uncheckedJson(ObjectMapper mapper, byte[] body) {
        try {
            return mapper.writeValueAsBytes(mapper.readTree(body));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Knows one table and one item; applies writes to it without storing anything. */
    private record NoStorageBackend(TableDescription table, Item item) implements StoreBackend {
        public TableDescription createTable(TableDescription requested) {
            throw new UnsupportedOperationException("benchmark");
        }

        public Optional<TableDescription> describeTable(String tableName) {
            return Optional.of(table);
        }

        public List<String> listTables() {
            return List.of(table.name());
        }

        public WriteResult write(TableDescription t, ItemWrite write) {
            return write.apply(Optional.of(item));
        }

        public Optional<Item> getItem(TableDescription t, PrimaryKey key, boolean consistentRead) {
            return Optional.of(item);
        }

        public ItemPage query(
                TableDescription t,
                PrimaryKey pk,
                boolean forward,
                int limit,
                Optional<PrimaryKey> start,
                boolean consistentRead) {
            throw new UnsupportedOperationException("benchmark");
        }

        public ItemPage scan(
                TableDescription t,
                int segment,
                int totalSegments,
                int limit,
                Optional<PrimaryKey> start,
                boolean consistentRead) {
            throw new UnsupportedOperationException("benchmark");
        }
    }
}
