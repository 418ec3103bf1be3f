package dev.gameday.store.server.bench;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GetItem with ConsistentRead=true through the router of a local cluster (real processes): latency and
 * throughput, at a fixed request rate (e.g. the canary's ~25 reads/s) and closed-loop at saturation, each
 * optionally with PutItems running beside the reads at a fixed rate (they move the groups' commit index, which
 * changes what a linearizable read costs).
 *
 * <pre>
 *   java -cp target/store.jar dev.gameday.store.server.bench.ConsistentReadBenchmark --rates 25,0
 * </pre>
 */
@Command(name = "consistent-read-benchmark", mixinStandardHelpOptions = true)
public final class ConsistentReadBenchmark implements Callable<Integer> {
    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "25,0",
            description = "reads/s of each measured run, one after another; 0 means closed loop (saturation)")
    List<Integer> rates;

    @Option(names = "--concurrency", defaultValue = "16", description = "client threads")
    int concurrency;

    @Option(names = "--seconds", defaultValue = "30", description = "length of each measured run")
    int seconds;

    @Option(names = "--keys", defaultValue = "1000", description = "items written before measuring, then read")
    int keys;

    @Option(names = "--writes-per-second", defaultValue = "0", description = "PutItems beside the reads (0: none)")
    int writesPerSecond;

    @Option(names = "--groups", defaultValue = "4", description = "data replication groups")
    int groups;

    @Option(names = "--dir", defaultValue = "target/bench-cluster", description = "cluster data and logs")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsistentReadBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path runDir = dir.resolve("run-" + System.currentTimeMillis());
        List<PutItemBenchmark.Result> results = new ArrayList<>();
        try (LocalCluster cluster = LocalCluster.create(runDir, 1, groups, BugSwitches.none())
                        .start(Duration.ofSeconds(120));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            StoreClients.createTable(db, "bench");
            for (int k = 0; k < keys; k++) {
                put(db, "key-" + k);
            }
            PutItemBenchmark.Write read = n -> db.getItem(b -> b.tableName("bench")
                    .consistentRead(true)
                    .key(Map.of(
                            "pk",
                            AttributeValue.fromS(
                                    "key-" + ThreadLocalRandom.current().nextInt(keys)))));
            run("warm-up", 0, 10, read);
            for (int rate : rates) {
                String name = "ConsistentRead " + (rate == 0 ? "closed loop" : rate + "/s");
                results.add(withBackgroundWrites(db, () -> run(name, rate, seconds, read)));
            }
        }
        System.out.printf(
                "%nconcurrency %d, %d keys, %d groups, %d s per run, %d PutItems/s beside the reads%n",
                concurrency, keys, groups, seconds, writesPerSecond);
        results.forEach(PutItemBenchmark.Result::print);
        return 0;
    }

    private static void put(DynamoDbClient db, String key) {
        db.putItem(b -> b.tableName("bench")
                .item(Map.of("pk", AttributeValue.fromS(key), "payload", AttributeValue.fromS("x".repeat(100)))));
    }

    /** Runs {@code measured} while one thread writes {@link #writesPerSecond} items a second, if any. */
    private PutItemBenchmark.Result withBackgroundWrites(DynamoDbClient db, Callable<PutItemBenchmark.Result> measured)
            throws Exception {
        if (writesPerSecond == 0) {
            return measured.call();
        }
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            long interval = TimeUnit.SECONDS.toNanos(1) / writesPerSecond;
            long next = System.nanoTime();
            while (!done.get()) {
                LockSupport.parkNanos(next - System.nanoTime());
                next += interval;
                try {
                    put(db, "key-" + ThreadLocalRandom.current().nextInt(keys));
                } catch (RuntimeException e) {
                    // Only the reads are measured; a failed background write just does not move the commit index.
                }
            }
            return null;
        });
        try {
            return measured.call();
        } finally {
            done.set(true);
            writes.get();
            writer.shutdown();
        }
    }

    /**
     * {@code concurrency} threads issue reads for {@code maxSeconds}: as fast as they can when {@code rate} is 0,
     * otherwise each at its turn of a fixed schedule of {@code rate} requests a second.
     */
    private PutItemBenchmark.Result run(String name, int rate, int maxSeconds, PutItemBenchmark.Write read)
            throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(maxSeconds).toNanos();
        long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / rate;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit(() -> {
                while (true) {
                    long n = next.getAndIncrement();
                    long due = start + n * interval;
                    if (due >= deadline || System.nanoTime() >= deadline) {
                        return;
                    }
                    LockSupport.parkNanos(due - System.nanoTime());
                    long t0 = System.nanoTime();
                    try {
                        read.run(n);
                        recorder.recordValue(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        if (firstError.get() != null) {
            System.out.println(name + ": first error: " + firstError.get());
        }
        Histogram h = recorder.getIntervalHistogram();
        PutItemBenchmark.Result result = new PutItemBenchmark.Result(name, h.getTotalCount(), errors.get(), nanos, h);
        result.print();
        return result;
    }
}
