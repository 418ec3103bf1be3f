package dev.gameday.store.server.bench;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
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
import java.util.stream.DoubleStream;
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
 * changes what a linearizable read costs). Side by side with a baseline: the same loads on a cluster with bug
 * {@code ratisReadIndex}, the path before issue 10's fix, each side on clusters of its own, alternating; the first
 * 10 s after the keys are written are reported as the cold figures.
 *
 * <pre>
 *   java -cp target/store.jar dev.gameday.store.server.bench.ConsistentReadBenchmark --rates 25,0 --rounds 3
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

    @Option(
            names = "--compare",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "also measure the unsafe path before issue 10's fix (bug ratisReadIndex: Ratis' own ReadIndex,"
                            + " which may skip the round with the followers) as the baseline, and print ratios")
    boolean compare;

    @Option(
            names = "--rounds",
            defaultValue = "1",
            description = "clusters booted per side; with --compare the sides alternate (baseline first)")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConsistentReadBenchmark()).execute(args));
    }

    /** What one side measured on one cluster: the first seconds after boot (cold), then each load (warm). */
    private record Pass(PutItemBenchmark.Result cold, List<PutItemBenchmark.Result> loads) {}

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        List<Pass> baseline = new ArrayList<>();
        List<Pass> confirmed = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (compare) {
                System.out.printf("%n-- round %d, baseline: bug ratisReadIndex (unsafe) --%n", round + 1);
                baseline.add(pass(BugSwitches.of(StoreBug.RATIS_READ_INDEX)));
            }
            System.out.printf("%n-- round %d, the store as shipped (leader confirmation) --%n", round + 1);
            confirmed.add(pass(BugSwitches.none()));
        }
        System.out.printf(
                "%nconcurrency %d, %d keys, %d groups, %d s per load, %d PutItems/s beside the reads, %d round(s);"
                        + " medians over rounds%n",
                concurrency, keys, groups, seconds, writesPerSecond, rounds);
        System.out.printf(
                "%-28s %-38s %-38s %s%n",
                "load",
                compare ? "baseline (ratisReadIndex)" : "",
                "as shipped",
                compare ? "ratio p50 / p99 / reads/s" : "");
        printRow("first 10 s after boot (cold)", baseline, confirmed, -1);
        for (int i = 0; i < rates.size(); i++) {
            printRow(confirmed.get(0).loads().get(i).name(), baseline, confirmed, i);
        }
        return 0;
    }

    /** Boots a cluster with {@code bugs}, writes the keys and measures the first seconds and then every load. */
    private Pass pass(BugSwitches bugs) throws Exception {
        Path runDir = dir.resolve("run-" + System.currentTimeMillis());
        try (LocalCluster cluster = LocalCluster.create(runDir, 1, groups, bugs)
                        .closedOnExit()
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
            PutItemBenchmark.Result cold = run("first 10 s (cold)", 0, 10, read);
            List<PutItemBenchmark.Result> loads = new ArrayList<>();
            for (int rate : rates) {
                String name = "ConsistentRead " + (rate == 0 ? "closed loop" : rate + "/s");
                loads.add(withBackgroundWrites(db, () -> run(name, rate, seconds, read)));
            }
            return new Pass(cold, loads);
        }
    }

    /** One line of the summary: a load's medians on each side, and the shipped side over the baseline. */
    private void printRow(String name, List<Pass> baseline, List<Pass> confirmed, int load) {
        double[] shipped = medians(confirmed, load);
        if (!compare) {
            System.out.printf("%-28s %-38s %s%n", name, "", figures(shipped));
            return;
        }
        double[] base = medians(baseline, load);
        System.out.printf(
                "%-28s %-38s %-38s %.2fx / %.2fx / %.2fx%n",
                name,
                figures(base),
                figures(shipped),
                shipped[0] / base[0],
                shipped[1] / base[1],
                shipped[2] / base[2]);
    }

    /** p50 ms, p99 ms and reads/s of one load ({@code -1}: the cold seconds), each the median over passes. */
    private static double[] medians(List<Pass> passes, int load) {
        List<PutItemBenchmark.Result> results = passes.stream()
                .map(p -> load < 0 ? p.cold() : p.loads().get(load))
                .toList();
        return new double[] {
            median(results.stream().mapToDouble(r -> r.latency().getValueAtPercentile(50) / 1e6)),
            median(results.stream().mapToDouble(r -> r.latency().getValueAtPercentile(99) / 1e6)),
            median(results.stream().mapToDouble(PutItemBenchmark.Result::opsPerSecond))
        };
    }

    private static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String figures(double[] f) {
        return String.format("p50 %7.2f ms p99 %7.2f ms %7.1f/s", f[0], f[1], f[2]);
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
