package dev.gameday.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.ClientBug;
import dev.gameday.canary.DynamoCanaryClient;
import dev.gameday.canary.HistoryRecorder;
import dev.gameday.canary.ProcessIds;
import dev.gameday.canary.RegisterKeys;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import dev.gameday.run.FinalReads;
import dev.gameday.run.StoreAccess;
import dev.gameday.store.api.admin.AdminClient;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.api.placement.KeyPlacement;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The store as the runner uses it, over DynamoDB's API with the AWS SDK: canary clients per
 * (client AZ, router path), the canary tables, and after healing the final ConsistentRead scans
 * and the on-demand scrub of every replication group.
 */
public final class DynamoStoreAccess implements StoreAccess, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamoStoreAccess.class);
    /** A call to a paused node hangs until this; long enough for a leader election (a few seconds). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** The store tells routers a table's partition count through this tag (DynamoDB has no such knob). */
    private static final String PARTITIONS_TAG = "gameday:partitions";
    /** Readiness: this many write+read rounds in a row through each router path, each this fast. */
    private static final int READY_ROUNDS = 10;

    private static final long READY_LATENCY_MS = 1000;
    /** Warm-up: calls in flight at most, keys, round length, and the p99 that ends it. */
    private static final int WARM_THREADS = 32;

    private static final int WARM_KEYS = 16;
    private static final long WARM_ROUND_MS = 2_000;
    private static final long WARM_P99_MS = 500;

    private final StoreCluster cluster;
    private final String table;
    /** Scrub rebuilds every group from the archive and compares three replicas: it takes a while. */
    private final AdminClient scrubClient = new AdminClient(Duration.ofMinutes(3));

    private final List<DynamoDbClient> sdkClients = new ArrayList<>();
    private Set<ClientBug> clientBugs = Set.of();

    public DynamoStoreAccess(StoreCluster cluster, String table) {
        this.cluster = cluster;
        this.table = table;
    }

    /** The canary clients this access hands out carry {@code bugs} (a run that proves a catch). */
    public DynamoStoreAccess withClientBugs(Set<ClientBug> bugs) {
        this.clientBugs = Set.copyOf(bugs);
        return this;
    }

    @Override
    public List<String> deliberateBugs() {
        List<String> bugs = new ArrayList<>(
                cluster.spec().bugs().on().stream().map(StoreBug::configKey).toList());
        bugs.addAll(ClientBug.optionNames(clientBugs));
        return bugs;
    }

    /** Creates the experiment's tables through the first router, with the canary's key schema. */
    public void createTables(List<ClusterShape.TableSpec> tables, Duration timeout) {
        DynamoDbClient client = sdkClient(cluster.routers().get(0).throughProxy(), timeout);
        for (ClusterShape.TableSpec spec : tables) {
            client.createTable(b -> b.tableName(spec.name())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName(DynamoCanaryClient.KEY)
                            .keyType(KeyType.HASH)
                            .build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(DynamoCanaryClient.KEY)
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .tags(Tag.builder()
                            .key(PARTITIONS_TAG)
                            .value(Integer.toString(spec.partitions()))
                            .build()));
            log.info("created table {} with {} partitions", spec.name(), spec.partitions());
        }
    }

    /**
     * Waits until canary traffic succeeds through every router path: {@value #READY_ROUNDS} writes
     * and ConsistentRead reads in a row, each answered within {@value #READY_LATENCY_MS} ms. Leaders
     * alone are not enough: right after boot every JVM is still compiling its hot paths, and an
     * experiment started then measures the warm-up, not the faults. The probe keys are not canary
     * keys, so the checkers ignore them.
     */
    public void awaitCanariesSucceed(Duration timeout) {
        // Every router path at once: one after the other, the rounds of each path added up to seconds of every boot.
        List<CompletableFuture<Void>> paths = cluster.routers().stream()
                .map(router -> CompletableFuture.runAsync(
                        () -> {
                            DynamoDbClient client = sdkClient(router.throughProxy(), CALL_TIMEOUT);
                            Awaitility.await("canary traffic succeeds through " + router.id())
                                    .atMost(timeout)
                                    .pollInterval(Duration.ofMillis(200))
                                    .until(() -> fastRoundsSucceed(client, "ready-" + router.id()));
                        },
                        runnable -> new Thread(runnable, "gameday-ready-" + router.id()).start()))
                .toList();
        try {
            CompletableFuture.allOf(paths.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Sends write, ConsistentRead and conditional-update calls through every router path at the experiment's own
     * rate, in rounds of {@value #WARM_ROUND_MS} ms, until two rounds in a row have a p99 latency of at most
     * {@value #WARM_P99_MS} ms or {@code budget} is spent. Readiness alone leaves the JVMs half compiled: the first
     * 10 to 15 s of a run answered in 0.5 s (p50) and 1 to 3 s (p99), and on a slower machine some calls hit the
     * canary's timeout, which the steady-state check then counted against the first window. Open loop, like the
     * canary: a closed loop would measure the cluster's saturation instead.
     */
    public void warmUp(double opsPerSecond, Duration budget) throws InterruptedException {
        List<DynamoDbClient> clients = cluster.routers().stream()
                .map(r -> sdkClient(r.throughProxy(), CALL_TIMEOUT))
                .toList();
        long deadline = System.nanoTime() + budget.toNanos();
        long intervalNanos = (long) (1e9 / opsPerSecond);
        long p99 = Long.MAX_VALUE;
        int fastRounds = 0;
        ExecutorService pool = Executors.newFixedThreadPool(WARM_THREADS);
        try {
            for (int round = 1; System.nanoTime() < deadline; round++) {
                int calls = (int) Math.max(1, opsPerSecond * WARM_ROUND_MS / 1000);
                List<Future<Long>> futures = new ArrayList<>(calls);
                long next = System.nanoTime();
                for (int call = 0; call < calls; call++) {
                    DynamoDbClient client = clients.get(call % clients.size());
                    int n = call;
                    futures.add(pool.submit(() -> timedWarmCall(client, n)));
                    next += intervalNanos;
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
                List<Long> latencies = new ArrayList<>(calls);
                for (Future<Long> future : futures) {
                    try {
                        latencies.add(future.get());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("warm-up traffic failed: " + e.getCause(), e.getCause());
                    }
                }
                latencies.sort(null);
                p99 = latencies.get((int) (latencies.size() * 0.99));
                log.info("warm-up round {}: {} calls, p99 {} ms", round, latencies.size(), p99);
                fastRounds = p99 <= WARM_P99_MS ? fastRounds + 1 : 0;
                if (fastRounds == 2) {
                    return;
                }
            }
            log.warn(
                    "the cluster is still slow after {} s of warm-up (p99 {} ms); the first windows may show it",
                    budget.toSeconds(),
                    p99);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One warm-up call on one of {@value #WARM_KEYS} keys: a write, a ConsistentRead or a conditional update, in turn.
     * A refused condition is a real answer; any other failure counts as a call that took the whole timeout.
     */
    private long timedWarmCall(DynamoDbClient client, int n) {
        Map<String, AttributeValue> id = Map.of(DynamoCanaryClient.KEY, AttributeValue.fromS("warm-" + n % WARM_KEYS));
        AttributeValue value = AttributeValue.fromN(Integer.toString(n));
        long start = System.nanoTime();
        try {
            switch (n % 3) {
                case 0 -> {
                    Map<String, AttributeValue> item = new HashMap<>(id);
                    item.put(DynamoCanaryClient.VALUE, value);
                    client.putItem(b -> b.tableName(table).item(item));
                }
                case 1 -> client.getItem(b -> b.tableName(table).key(id).consistentRead(true));
                default ->
                    client.updateItem(b -> b.tableName(table)
                            .key(id)
                            .updateExpression("SET #v = :next")
                            .conditionExpression("#v = :next")
                            .expressionAttributeNames(Map.of("#v", DynamoCanaryClient.VALUE))
                            .expressionAttributeValues(Map.of(":next", value)));
            }
        } catch (ConditionalCheckFailedException refused) {
            // answered: the condition is false almost always, and that is fine for warming the path
        } catch (SdkException failed) {
            return CALL_TIMEOUT.toMillis();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private boolean fastRoundsSucceed(DynamoDbClient client, String key) {
        Map<String, AttributeValue> id = Map.of(DynamoCanaryClient.KEY, AttributeValue.fromS(key));
        try {
            for (int i = 0; i < READY_ROUNDS; i++) {
                long start = System.nanoTime();
                Map<String, AttributeValue> item = new HashMap<>(id);
                item.put(DynamoCanaryClient.VALUE, AttributeValue.fromN(Integer.toString(i)));
                client.putItem(b -> b.tableName(table).item(item));
                client.getItem(b -> b.tableName(table).key(id).consistentRead(true));
                if ((System.nanoTime() - start) / 1_000_000 > READY_LATENCY_MS) {
                    return false;
                }
            }
            return true;
        } catch (SdkException notYet) {
            return false;
        }
    }

    @Override
    public CanaryClient client(String clientAz, Endpoint endpoint) {
        DynamoCanaryClient client = new DynamoCanaryClient(sdkClient(endpoint.uri(), CALL_TIMEOUT), table);
        return clientBugs.contains(ClientBug.SERIALIZABLE_READS) ? client.withEventuallyConsistentReads() : client;
    }

    /** Spread over the table's partitions by the store's own placement, so that every replication group has some. */
    @Override
    public RegisterKeys registerKeys(String table, int partitions, int count) {
        return RegisterKeys.spread(count, partitions, name -> KeyPlacement.partitionOfString(name, partitions));
    }

    @Override
    public Duration callTimeout() {
        return CALL_TIMEOUT;
    }

    /**
     * Final reads through every router path until one scan completes (faults are healed, but a
     * router may still be catching up), recorded as one {@code :final-read} op; then scrub.
     */
    @Override
    public ScrubSummary finalReadsAndScrub(
            HistoryRecorder recorder, ProcessIds processIds, List<Corruption> injected, List<ExecutedFault> executed) {
        List<FinalReads.Path> paths = cluster.routers().stream()
                .map(router -> {
                    DynamoCanaryClient reader =
                            new DynamoCanaryClient(sdkClient(router.throughProxy(), Duration.ofSeconds(30)), table);
                    return new FinalReads.Path(router.id(), router.az(), reader::scanAll);
                })
                .toList();
        FinalReads.untilOneCompletes(recorder, processIds, paths);
        return scrubAndVerify(injected, executed);
    }

    /**
     * Scrubs every group on demand; when that scrub found anything, a second scrub checks that the
     * repairs held. Then matches each injected corruption with what the store reported: an incident of
     * the same kind, group and replica (the archive: group), or a bad replica of that group; and names the
     * incidents none of the {@code executed} faults explains.
     */
    ScrubSummary scrubAndVerify(List<Corruption> injected, List<ExecutedFault> executed) {
        JsonNode first = scrubEveryGroup();
        JsonNode last = ScrubVerdicts.clean(first) ? first : scrubEveryGroup();
        return ScrubVerdicts.judge(first, last, injected, executed);
    }

    private JsonNode scrubEveryGroup() {
        return Awaitility.await("an on-demand scrub of every group")
                .atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(this::scrubOnce, r -> r != null);
    }

    private JsonNode scrubOnce() {
        for (StoreCluster.Node node : cluster.nodes()) {
            if (cluster.isRunning(node.id())) {
                return scrubClient.post(node.admin() + "/scrub");
            }
        }
        return null;
    }

    private DynamoDbClient sdkClient(URI endpoint, Duration timeout) {
        DynamoDbClient client = DynamoCanaryClient.newSdkClient(
                endpoint,
                Region.of(cluster.region()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(cluster.accessKey(), cluster.secretKey())),
                timeout);
        synchronized (sdkClients) {
            sdkClients.add(client);
        }
        return client;
    }

    @Override
    public void close() {
        synchronized (sdkClients) {
            sdkClients.forEach(DynamoDbClient::close);
            sdkClients.clear();
        }
    }
}
