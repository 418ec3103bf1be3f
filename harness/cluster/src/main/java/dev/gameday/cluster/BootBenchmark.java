package dev.gameday.cluster;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.CanaryLoop;
import dev.gameday.canary.Command;
import dev.gameday.canary.ProcessIds;
import dev.gameday.canary.RegisterKeys;
import dev.gameday.canary.WorkloadGenerator;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.history.OpType;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.run.RunDirectory;
import dev.gameday.store.api.bugs.BugSwitches;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * How long the standard cluster takes from nothing to serving canaries at steady latency, phase by phase, and its
 * latency at the canary's rate and at multiples of it. Each boot can run twice, with a lever off (the baseline) and
 * on, alternating, so both see the same machine: on two cores shared with other work, only figures measured side by
 * side compare.
 *
 * <p>Phases of one boot, each in seconds since the boot began: every container answers its health check, every
 * replication group has a leader, the experiment's tables exist, the first canary write through each router path
 * succeeded. Then the experiment's canary workload runs open-loop at its own rate with p50/p99 per second, and after
 * that at each multiple for a shorter while. No warm-up traffic is sent: warm-up is what this measures.
 */
public final class BootBenchmark {

    /** The levers a boot can be measured without; each one names what the baseline turns off. */
    public enum Variant {
        BASELINE_WITHOUT_CLASS_DATA_SHARING("no-cds"),
        CURRENT("current");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** Seconds since the boot began at which each phase was done; null when it never was. */
    public record Phases(
            double containersUp, double leadersElected, double tablesReady, Map<String, Double> firstCallPerRouter) {
        double lastFirstCall() {
            return firstCallPerRouter.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(Double.NaN);
        }
    }

    /** One second of load: calls completed in it (by start time), errors among them, and their latency. */
    public record Second(long calls, long errors, double p50Millis, double p99Millis) {}

    /** A load at one rate: its seconds, and the whole load's figures. */
    public record Load(
            double rate,
            List<Second> seconds,
            long calls,
            long errors,
            double p50Millis,
            double p99Millis,
            double maxMillis) {}

    /**
     * A storage node powered off and on again (the power-off fault), in seconds since power-on: its admin endpoint
     * answers, and each of its groups knows a leader and has applied what that leader had committed at power-on.
     */
    public record Restart(String node, double healthy, double caughtUp) {}

    /** One boot of one variant with its load at the canary rate and at each multiple, then a node restart. */
    public record Trial(
            Variant variant,
            int run,
            Phases phases,
            Load canaryRate,
            double p99FirstTenSeconds,
            double p99AfterTenSeconds,
            List<Load> multiples,
            Restart restart) {}

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    /** Calls hang at most the canary's timeout; enough workers keep the rate while some do. */
    private static final int WORKERS_PER_ROUTER = 24;

    private final LoadedExperiment loaded;
    private final Path outputRoot;
    private final PrintStream out;

    public BootBenchmark(LoadedExperiment loaded, Path outputRoot, PrintStream out) {
        this.loaded = loaded;
        this.outputRoot = outputRoot;
        this.out = out;
    }

    /**
     * Boots {@code runs} times per variant, alternating variants within each run, and prints each trial as it ends
     * and the medians side by side at the end.
     */
    public List<Trial> run(
            int runs, List<Variant> variants, Duration canaryLoad, List<Double> multiples, Duration multipleLoad)
            throws InterruptedException {
        List<Trial> trials = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (Variant variant : variants) {
                out.printf("boot %d/%d, %s ...%n", run, runs, variant.label);
                Trial trial = boot(variant, run, canaryLoad, multiples, multipleLoad);
                printTrial(trial);
                trials.add(trial);
            }
        }
        printSummary(trials, variants, multiples);
        return trials;
    }

    private Trial boot(Variant variant, int run, Duration canaryLoad, List<Double> multiples, Duration multipleLoad)
            throws InterruptedException {
        Experiment experiment = loaded.experiment();
        RunDirectory dir = createRunDirectory(variant, run);
        RunLabels labels =
                RunLabels.forThisProcess("boot-benchmark-" + dir.dir().getFileName());
        StoreCluster cluster = new StoreCluster(
                        StoreClusterSpec.of(experiment.cluster(), BugSwitches.none()), dir, labels)
                .withClassDataSharing(variant != Variant.BASELINE_WITHOUT_CLASS_DATA_SHARING);
        try (cluster;
                DynamoStoreAccess store =
                        new DynamoStoreAccess(cluster, experiment.workload().table())) {
            long begin = System.nanoTime();
            cluster.startProcesses();
            double containersUp = secondsSince(begin);
            cluster.awaitLeaders(BOOT_TIMEOUT);
            double leaders = secondsSince(begin);
            store.createTables(experiment.cluster().tables(), Duration.ofSeconds(60));
            double tables = secondsSince(begin);
            List<Endpoint> endpoints = cluster.routers().stream()
                    .map(r -> new Endpoint(r.id(), r.az(), r.throughProxy()))
                    .toList();
            Map<String, Double> firstCalls = firstCallPerRouter(store, endpoints, begin);
            Phases phases = new Phases(containersUp, leaders, tables, firstCalls);

            double canaryRate = experiment.workload().ratePerAz()
                    * experiment.cluster().azs().size();
            List<Histogram> perSecond = new ArrayList<>();
            Load atCanaryRate = load(store, endpoints, canaryRate, canaryLoad, perSecond, experiment.seed());
            List<Load> atMultiples = new ArrayList<>();
            for (double multiple : multiples) {
                atMultiples.add(load(
                        store,
                        endpoints,
                        canaryRate * multiple,
                        multipleLoad,
                        new ArrayList<>(),
                        experiment.seed() + Math.round(multiple * 1000)));
            }
            Restart restart = restart(cluster, cluster.nodes().get(0).id());
            return new Trial(
                    variant,
                    run,
                    phases,
                    atCanaryRate,
                    p99Between(0, 10, perSecond),
                    p99Between(10, Integer.MAX_VALUE, perSecond),
                    atMultiples,
                    restart);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "boot " + run + " (" + variant.label + ") failed; logs in " + dir.dir() + ": " + e.getMessage(), e);
        }
    }

    private RunDirectory createRunDirectory(Variant variant, int run) {
        try {
            return RunDirectory.create(outputRoot, "boot-benchmark-" + variant.label, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory for boot " + run, e);
        }
    }

    private static Restart restart(StoreCluster cluster, String node) throws InterruptedException {
        Map<String, Long> committed = new LinkedHashMap<>();
        for (var peer : cluster.nodes()) {
            for (var group : cluster.groupsOf(peer.id())) {
                committed.merge(
                        group.path("group").asText(), group.path("commitIndex").asLong(), Math::max);
            }
        }
        cluster.powerOff(node);
        Thread.sleep(2_000);
        long begin = System.nanoTime();
        cluster.powerOn(node);
        double healthy = Double.NaN;
        long deadline = begin + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var groups = cluster.groupsOf(node);
                if (Double.isNaN(healthy)) {
                    healthy = secondsSince(begin);
                }
                boolean caughtUp = groups.size() > 0;
                for (var group : groups) {
                    caughtUp &= !group.path("leaderId").isNull()
                            && group.path("appliedIndex").asLong()
                                    >= committed.getOrDefault(
                                            group.path("group").asText(), 0L);
                }
                if (caughtUp) {
                    return new Restart(node, healthy, secondsSince(begin));
                }
            } catch (RuntimeException notYet) {
                // Not answering yet: the JVM is still starting.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(node + " did not catch up within " + BOOT_TIMEOUT + " of power-on");
    }

    /** Each router path gets a write until one succeeds, all paths at once, as canaries would start. */
    private Map<String, Double> firstCallPerRouter(DynamoStoreAccess store, List<Endpoint> endpoints, long begin)
            throws InterruptedException {
        Map<String, Double> firstCalls = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(endpoints.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                CanaryClient client = store.client(endpoint.az(), endpoint);
                futures.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
                    while (System.nanoTime() < deadline) {
                        try {
                            client.execute(new Command("write", "boot-" + endpoint.router(), 1L, 100));
                            firstCalls.put(endpoint.router(), secondsSince(begin));
                            return null;
                        } catch (Exception notYet) {
                            Thread.sleep(100);
                        }
                    }
                    throw new IllegalStateException(
                            "no write succeeded through " + endpoint.router() + " in " + BOOT_TIMEOUT);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new LinkedHashMap<>(firstCalls);
    }

    /**
     * The experiment's workload, open-loop at {@code rate} calls per second spread over the router paths, for
     * {@code duration}; a failed condition counts as a successful call, as in the steady-state check.
     */
    private Load load(
            DynamoStoreAccess store,
            List<Endpoint> endpoints,
            double rate,
            Duration duration,
            List<Histogram> perSecond,
            long seed)
            throws InterruptedException {
        int seconds = (int) Math.max(1, duration.toSeconds());
        List<Recorder> recorders = new ArrayList<>();
        AtomicLongArray errors = new AtomicLongArray(seconds);
        for (int s = 0; s < seconds; s++) {
            recorders.add(new Recorder(3));
        }
        Experiment experiment = loaded.experiment();
        ProcessIds processIds = new ProcessIds();
        long start = System.nanoTime();
        List<CanaryLoop> loops = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            CanaryClient client = store.client(endpoint.az(), endpoint);
            WorkloadGenerator generator = new WorkloadGenerator(
                    experiment.workload(),
                    RegisterKeys.plain(experiment.workload().registerKeys()),
                    seed,
                    endpoint.router());
            CanaryLoop loop = new CanaryLoop(
                    "bench-" + endpoint.router(),
                    new CanaryLoop.Limits(rate / endpoints.size(), Long.MAX_VALUE, duration, WORKERS_PER_ROUTER),
                    processIds,
                    process -> {
                        Command command;
                        synchronized (generator) {
                            command = generator.next();
                        }
                        long t0 = System.nanoTime();
                        int second = (int) ((t0 - start) / 1_000_000_000L);
                        boolean ok;
                        try {
                            client.execute(command);
                            ok = true;
                        } catch (ConditionalCheckFailedException conditionFalse) {
                            ok = true;
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            ok = false;
                        }
                        if (second < seconds) {
                            recorders.get(second).recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                            if (!ok) {
                                errors.incrementAndGet(second);
                            }
                        }
                        return ok ? OpType.OK : OpType.FAIL;
                    });
            loops.add(loop);
        }
        CanaryLoop.runAll(loops);
        Histogram all = new Histogram(3);
        List<Second> secondsOut = new ArrayList<>();
        long allErrors = 0;
        for (int s = 0; s < seconds; s++) {
            Histogram h = recorders.get(s).getIntervalHistogram();
            perSecond.add(h);
            all.add(h);
            allErrors += errors.get(s);
            secondsOut.add(new Second(
                    h.getTotalCount(),
                    errors.get(s),
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e3,
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e3));
        }
        return new Load(
                rate,
                secondsOut,
                all.getTotalCount(),
                allErrors,
                all.getValueAtPercentile(50) / 1e3,
                all.getValueAtPercentile(99) / 1e3,
                all.getMaxValue() / 1e3);
    }

    private void printTrial(Trial t) {
        Phases p = t.phases();
        out.printf(
                "  %-8s run %d: containers up %5.1f s, leaders %5.1f s, tables %5.1f s, first call on every router"
                        + " %5.1f s %s%n",
                t.variant().label,
                t.run(),
                p.containersUp(),
                p.leadersElected(),
                p.tablesReady(),
                p.lastFirstCall(),
                p.firstCallPerRouter());
        Load c = t.canaryRate();
        out.printf(
                "  at canary rate %.0f/s: %d calls, %d errors, p50 %.1f ms, p99 %.1f ms, max %.0f ms;"
                        + " p99 in the first 10 s %.1f ms, after %.1f ms%n",
                c.rate(),
                c.calls(),
                c.errors(),
                c.p50Millis(),
                c.p99Millis(),
                c.maxMillis(),
                t.p99FirstTenSeconds(),
                t.p99AfterTenSeconds());
        StringBuilder perSecond = new StringBuilder("  p99 per second (ms):");
        for (Second s : c.seconds()) {
            perSecond.append(' ').append(Double.isNaN(s.p99Millis()) ? "-" : String.valueOf(Math.round(s.p99Millis())));
            if (s.errors() > 0) {
                perSecond.append('!').append(s.errors());
            }
        }
        out.println(perSecond);
        for (Load m : t.multiples()) {
            out.printf(
                    "  at %.0f/s: %d calls, %d errors, p50 %.1f ms, p99 %.1f ms, max %.0f ms%n",
                    m.rate(), m.calls(), m.errors(), m.p50Millis(), m.p99Millis(), m.maxMillis());
        }
        out.printf(
                "  restart of %s: healthy %.1f s, caught up %.1f s after power-on%n",
                t.restart().node(), t.restart().healthy(), t.restart().caughtUp());
        out.flush();
    }

    /** A figure of the summary: its name and how to read it off a trial. */
    private record Figure(String name, ToDoubleFunction<Trial> of) {}

    /** The summary's rows, in order; one pair per load multiple at the end. */
    private static List<Figure> figures(List<Double> multiples) {
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure("containers up", t -> t.phases().containersUp()),
                new Figure("leaders elected", t -> t.phases().leadersElected()),
                new Figure("tables ready", t -> t.phases().tablesReady()),
                new Figure("first call, every router", t -> t.phases().lastFirstCall()),
                new Figure("p99 first 10 s", Trial::p99FirstTenSeconds),
                new Figure("p99 after 10 s", Trial::p99AfterTenSeconds),
                new Figure("p50 at canary rate", t -> t.canaryRate().p50Millis()),
                new Figure("p99 at canary rate", t -> t.canaryRate().p99Millis()),
                new Figure("errors at canary rate", t -> t.canaryRate().errors()),
                new Figure("restart: healthy", t -> t.restart().healthy()),
                new Figure("restart: caught up", t -> t.restart().caughtUp())));
        for (int i = 0; i < multiples.size(); i++) {
            int index = i;
            figures.add(new Figure(
                    String.format("p99 at %.0fx", multiples.get(i)),
                    t -> t.multiples().get(index).p99Millis()));
            figures.add(new Figure(
                    String.format("errors at %.0fx", multiples.get(i)),
                    t -> t.multiples().get(index).errors()));
        }
        return figures;
    }

    /** Medians per variant, and each figure of the current build as a ratio to the baseline's. */
    private void printSummary(List<Trial> trials, List<Variant> variants, List<Double> multiples) {
        out.printf(
                "%nmedians over %d boot(s) per variant (seconds since boot began; latency in ms)%n",
                trials.size() / variants.size());
        out.printf("%-26s", "");
        for (Variant v : variants) {
            out.printf("%12s", v.label);
        }
        if (variants.size() == 2) {
            out.printf("%12s", "ratio");
        }
        out.println();
        for (Figure figure : figures(multiples)) {
            out.printf("%-26s", figure.name());
            List<Double> medians = new ArrayList<>();
            for (Variant v : variants) {
                double median = median(trials.stream()
                        .filter(t -> t.variant() == v)
                        .mapToDouble(figure.of())
                        .toArray());
                medians.add(median);
                out.printf("%12.1f", median);
            }
            if (medians.size() == 2) {
                out.printf("%11.2fx", medians.get(1) / medians.get(0));
            }
            out.println();
        }
        out.flush();
    }

    /** p99 over the seconds in [from, to), from each second's histogram merged: not an average of p99s. */
    private static double p99Between(int from, int to, List<Histogram> perSecond) {
        Histogram merged = new Histogram(3);
        for (int s = from; s < Math.min(to, perSecond.size()); s++) {
            merged.add(perSecond.get(s));
        }
        return merged.getTotalCount() == 0 ? Double.NaN : merged.getValueAtPercentile(99) / 1e3;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double secondsSince(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }
}
