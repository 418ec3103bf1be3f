package dev.gameday.store.server.bench;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.server.local.LocalCluster;
import dev.gameday.store.server.local.StoreClients;
import dev.gameday.store.server.storage.AppliedEntry;
import dev.gameday.store.server.storage.ItemStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Replicated PutItem throughput and latency: boots a local cluster (real processes), then runs a bounded
 * closed-loop load of PutItem through the router with the AWS SDK, and the same number of writes directly into
 * one RocksDB {@link ItemStore} in this JVM as the no-network, no-replication baseline.
 */
@Command(name = "put-item-benchmark", mixinStandardHelpOptions = true)
public final class PutItemBenchmark implements Callable<Integer> {
    @Option(names = "--concurrency", defaultValue = "8", description = "client threads")
    int concurrency;

    @Option(names = "--item-size", defaultValue = "512", description = "payload bytes per item")
    int itemSize;

    @Option(names = "--count", defaultValue = "5000", description = "at most this many measured writes")
    int count;

    @Option(names = "--seconds", defaultValue = "30", description = "at most this long measuring")
    int seconds;

    @Option(names = "--groups", defaultValue = "4", description = "data replication groups")
    int groups;

    @Option(names = "--dir", defaultValue = "target/bench-cluster", description = "cluster data and logs")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PutItemBenchmark()).execute(args));
    }

    /** One measured run: completed writes, failures, elapsed time and the latency histogram. */
    record Result(String name, long ops, long errors, long nanos, Histogram latency) {
        double opsPerSecond() {
            return ops * 1e9 / nanos;
        }

        void print() {
            System.out.printf(
                    "%-28s %8d ops %5d errors %9.1f ops/s  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n",
                    name,
                    ops,
                    errors,
                    opsPerSecond(),
                    latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6,
                    latency.getMaxValue() / 1e6);
        }
    }

    /** One write of the benchmark, by sequence number. */
    @FunctionalInterface
    interface Write {
        void run(long n) throws Exception;
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path runDir = dir.resolve("run-" + System.currentTimeMillis());
        String payload = "x".repeat(itemSize);
        Result replicated;
        try (LocalCluster cluster = LocalCluster.create(runDir, 1, groups, BugSwitches.none())
                        .closedOnExit()
                        .start(Duration.ofSeconds(120));
                DynamoDbClient db = StoreClients.dynamo(cluster.routerEndpoint())) {
            StoreClients.createTable(db, "bench");
            Write put = n -> db.putItem(b -> b.tableName("bench")
                    .item(Map.of("pk", AttributeValue.fromS("key-" + n), "payload", AttributeValue.fromS(payload))));
            run("warm-up", Math.min(500, count), 20, put);
            replicated = run("replicated PutItem", count, seconds, put);
        }
        Result direct;
        try (ItemStore store = ItemStore.open(runDir.resolve("direct-rocksdb"))) {
            byte[] value = payload.getBytes(StandardCharsets.UTF_8);
            AtomicLong index = new AtomicLong();
            Write apply = n -> {
                long i = index.incrementAndGet();
                store.apply(new AppliedEntry(
                        i,
                        i,
                        ItemStore.itemKey("bench", 0, ("key-" + n).getBytes(StandardCharsets.UTF_8)),
                        Optional.of(value),
                        value));
            };
            direct = run("direct RocksDB (baseline)", count, seconds, apply);
        }
        System.out.printf(
                "%nconcurrency %d, item payload %d B, %d groups, up to %d writes / %d s%n",
                concurrency, itemSize, groups, count, seconds);
        replicated.print();
        direct.print();
        System.out.printf(
                "replicated / direct: throughput %.4f, p50 latency %.1fx, p99 latency %.1fx%n",
                replicated.opsPerSecond() / direct.opsPerSecond(),
                (double) replicated.latency().getValueAtPercentile(50)
                        / Math.max(1, direct.latency().getValueAtPercentile(50)),
                (double) replicated.latency().getValueAtPercentile(99)
                        / Math.max(1, direct.latency().getValueAtPercentile(99)));
        return 0;
    }

    /** Closed loop: {@code concurrency} threads issue writes until {@code max} are done or time is up. */
    private Result run(String name, int max, int maxSeconds, Write write) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit(() -> {
                long n;
                while ((n = next.getAndIncrement()) < max && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        write.run(n);
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
        return new Result(name, h.getTotalCount(), errors.get(), nanos, h);
    }
}
