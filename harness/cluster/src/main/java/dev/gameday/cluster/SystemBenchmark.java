package dev.gameday.cluster;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.CanaryLoop;
import dev.gameday.canary.Command;
import dev.gameday.canary.Outcome;
import dev.gameday.canary.OutcomeClassifier;
import dev.gameday.canary.ProcessIds;
import dev.gameday.canary.RegisterKeys;
import dev.gameday.canary.WorkloadGenerator;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.Phase;
import dev.gameday.experiment.TimeScale;
import dev.gameday.experiment.Workload;
import dev.gameday.history.OpType;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.report.SuccessRule;
import dev.gameday.run.RunDirectory;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.system.RunningSystem;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.SystemBoot;
import dev.gameday.system.Systems;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The same workload against several systems, one after the other on this machine, each booted through its
 * {@link SystemAdapter} from one experiment's cluster shape and workload (its faults left out): writes, linearizable
 * reads and CAS, each at the experiment's canary rate and then at saturation, with throughput and p50/p99 per phase
 * and the first system's figures as ratios to each other's.
 *
 * <p>Fair by construction: every system gets the same clients (one canary client per endpoint, each endpoint
 * reached through its fault-proxy path, as the experiments' canaries are), the same number of calls in flight, the
 * same registers and item sizes drawn from the same seed, the same per-call timeout (the systems' canary clients
 * both use 5 s and no retries) and the same unmeasured warm-up at saturation before the first phase. What differs is
 * the system: the Gameday store answers through a router in front of its storage nodes, etcd's members answer
 * themselves.
 *
 * <p>Latencies are of answered calls only (a CAS whose compare was false is answered: nothing was wrong with the
 * call); calls that were not answered are counted as errors. Open-loop latency is measured from each call's actual
 * start, as {@link BootBenchmark} does: at the canary's rate the clients are never all busy, so none waits for a slot.
 */
public final class SystemBenchmark {

    /**
     * How long each phase runs and with how many clients.
     *
     * @param warmUp         closed-loop traffic before the first measured phase (each op type a third of it), not
     *                       measured: both the systems' and this JVM's code paths are compiled by then
     * @param maxOpsPerPhase a saturation phase stops after this many ops even if its time is not up
     */
    public record Settings(
            Duration warmUp, Duration atCanaryRate, Duration atSaturation, int clients, long maxOpsPerPhase) {}

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * One system as measured: booted through its adapter, its storage over a fault filesystem or not. The Gameday
     * store measured both ways shows what the fault filesystem (the store's default for runs with power-offs) costs.
     *
     * @param overFaultFilesystem each storage node's data directory is a fault filesystem (nothing is powered off in
     *                            a benchmark: the mount is what is measured)
     */
    public record Side(SystemAdapter system, boolean overFaultFilesystem) {
        /** What {@code --systems} names this side by, and its label in the tables: {@code gameday-store+faultfs}. */
        public static final String FAULT_FILESYSTEM_SUFFIX = "+faultfs";

        /**
         * The side {@code --systems} names: a registered system's name, with {@link #FAULT_FILESYSTEM_SUFFIX} for its
         * storage over the fault filesystem; a system without one is refused (IllegalArgumentException).
         */
        public static Side named(String name, Systems installed) {
            boolean overFaultFilesystem = name.endsWith(FAULT_FILESYSTEM_SUFFIX);
            String systemName =
                    overFaultFilesystem ? name.substring(0, name.length() - FAULT_FILESYSTEM_SUFFIX.length()) : name;
            SystemAdapter system = installed.named(systemName);
            if (overFaultFilesystem && !system.defaultPowerOff().losesUnsyncedWrites()) {
                throw new IllegalArgumentException(name + ": " + systemName + " does not run over a fault filesystem");
            }
            return new Side(system, overFaultFilesystem);
        }

        public String label() {
            return system.name() + (overFaultFilesystem ? FAULT_FILESYSTEM_SUFFIX : "");
        }

        /** The power-off mode a boot gets: a power loss is what puts a fault filesystem under the storage nodes. */
        PowerOffMode powerOff() {
            return overFaultFilesystem ? PowerOffMode.POWER_LOSS : PowerOffMode.SIGKILL;
        }
    }

    private final LoadedExperiment shape;
    private final List<Side> systems;
    private final Path outputRoot;
    private final PrintStream out;

    /** @param shape the experiment whose cluster, workload and seed every system gets; its schedule is ignored */
    public SystemBenchmark(LoadedExperiment shape, List<Side> systems, Path outputRoot, PrintStream out) {
        this.shape = shape;
        this.systems = List.copyOf(systems);
        this.outputRoot = outputRoot;
        this.out = out;
    }

    /**
     * Measures every system in turn, prints the side-by-side tables and writes them ({@code summary.txt}) and the
     * figures ({@code figures.tsv}) to the benchmark's directory, which it returns. Each system's containers are
     * removed when its phases end, also when a phase or its boot fails.
     */
    public Path run(Settings settings)
            throws IOException, InterruptedException, EnvironmentException, ExperimentException {
        Experiment experiment = shape.experiment();
        Workload workload = experiment.workload();
        double canaryRate = workload.ratePerAz() * experiment.cluster().azs().size();
        List<BenchmarkPhase> phases = BenchmarkPhase.plan(
                canaryRate,
                settings.atCanaryRate(),
                settings.atSaturation(),
                settings.clients(),
                settings.maxOpsPerPhase());
        Path dir = RunDirectory.create(outputRoot, "system-benchmark", Instant.now())
                .dir();
        out.printf(
                "%s: %d AZs x %d member(s), tables %s, %d registers, items %d-%d bytes; %d clients;"
                        + " each op %s at %.0f calls/s, then %s at saturation (at most %d ops); warm-up %s%n",
                shape.file(),
                experiment.cluster().azs().size(),
                experiment.cluster().storageNodesPerAz(),
                experiment.cluster().tables(),
                workload.registerKeys(),
                workload.itemBytes().min(),
                workload.itemBytes().max(),
                settings.clients(),
                settings.atCanaryRate(),
                canaryRate,
                settings.atSaturation(),
                settings.maxOpsPerPhase(),
                settings.warmUp());
        List<BenchmarkFigures> figures = new ArrayList<>();
        for (Side side : systems) {
            figures.addAll(measure(side, phases, settings, dir));
            // After each system: a later system that fails to boot leaves the earlier ones' figures.
            write(dir, figures);
        }
        String table = BenchmarkFigures.table(
                figures, systems.stream().map(Side::label).toList());
        out.println(table);
        out.printf("figures: %s%n", dir.resolve("figures.tsv"));
        out.flush();
        return dir;
    }

    private void write(Path dir, List<BenchmarkFigures> figures) throws IOException {
        Files.writeString(dir.resolve("figures.tsv"), BenchmarkFigures.tsv(figures));
        Files.writeString(
                dir.resolve("summary.txt"),
                BenchmarkFigures.table(
                        figures, systems.stream().map(Side::label).toList()));
    }

    private List<BenchmarkFigures> measure(Side side, List<BenchmarkPhase> phases, Settings settings, Path benchmarkDir)
            throws IOException, InterruptedException, EnvironmentException, ExperimentException {
        SystemAdapter system = side.system();
        String label = side.label();
        Duration total = settings.warmUp();
        for (BenchmarkPhase phase : phases) {
            total = total.plus(phase.duration());
        }
        // One fault-free phase as long as the benchmark: the system boots as for an experiment without faults.
        Experiment experiment = shape.experiment()
                .withSystem(system.name())
                .withSchedule(List.of(new Phase("benchmark", total, List.of())));
        LoadedExperiment loaded = shape.with(experiment);
        PlannedExperiment planned =
                PlannedExperiment.plan(loaded, TimeScale.REAL_TIME, system.topology(experiment.cluster()));
        RunDirectory runDir = RunDirectory.create(benchmarkDir, label, Instant.now());
        RunLabels labels = RunLabels.forThisProcess(
                "system-benchmark-" + label + "-" + runDir.dir().getFileName());
        out.printf("%s %s: booting (logs in %s) ...%n", now(), label, runDir.dir());
        out.flush();
        long bootStart = System.nanoTime();
        RunningSystem running =
                system.boot(new SystemBoot(planned, runDir, labels, BugSwitches.none(), Set.of(), side.powerOff()));
        Path dataRoot = running.dataRoot();
        try (running) {
            out.printf(
                    "%s %s: booted in %.1f s; leaders %s%n",
                    now(), label, (System.nanoTime() - bootStart) / 1e9, running.leaders());
            List<Endpoint> endpoints = running.cluster().endpoints();
            List<CanaryClient> clients = endpoints.stream()
                    .map(endpoint -> running.access().client(endpoint.az(), endpoint))
                    .toList();
            Workload workload = experiment.workload();
            long seed = experiment.seed();
            ContainerCpu cpu = new ContainerCpu(labels);
            for (String op : BenchmarkPhase.OPS) {
                Duration third = settings.warmUp().dividedBy(BenchmarkPhase.OPS.size());
                if (!third.isZero()) {
                    BenchmarkPhase warm =
                            BenchmarkPhase.saturation(op, settings.clients(), third, settings.maxOpsPerPhase());
                    run(label, warm, endpoints, clients, workload, seed, cpu);
                }
            }
            out.printf("%s %s: warmed up%n", now(), label);
            List<BenchmarkFigures> figures = new ArrayList<>();
            for (BenchmarkPhase phase : phases) {
                out.printf("%s %s: %s ...%n", now(), label, phase.label());
                out.flush();
                BenchmarkFigures f = run(label, phase, endpoints, clients, workload, seed, cpu);
                out.printf(
                        "%s %s: %s: %.1f calls/s, p50 %.1f ms, p99 %.1f ms, %d errors%s; CPU ms/call: system %.2f (%s),"
                                + " clients %.2f; load average %.1f%n",
                        now(),
                        label,
                        phase.label(),
                        f.throughput(),
                        f.p50Millis(),
                        f.p99Millis(),
                        f.errors(),
                        phase.op().equals("cas") ? ", " + f.compareFalse() + " compares false" : "",
                        f.systemCpuMillisPerCallInAll(),
                        f.systemCpuByRole(),
                        f.clientCpuMillisPerCall(),
                        f.loadAverage());
                out.flush();
                figures.add(f);
            }
            return figures;
        } finally {
            // Containers are gone (closed above): nothing writes there any more. Logs stay in the run directory.
            ContainerRun.deleteTree(dataRoot);
        }
    }

    /**
     * One phase: a canary loop per endpoint, each with its share of the phase's rate, ops and clients, drawing
     * commands of the phase's op type from the experiment's workload; returns once every loop has ended and every
     * call in flight has completed.
     */
    private BenchmarkFigures run(
            String system,
            BenchmarkPhase phase,
            List<Endpoint> endpoints,
            List<CanaryClient> clients,
            Workload workload,
            long seed,
            ContainerCpu cpu)
            throws InterruptedException {
        Map<String, Long> cpuBefore = cpu.snapshot();
        Recorder latencies = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong compareFalse = new AtomicLong();
        // The same seed for every system: the same registers, values and item sizes in the same order.
        WorkloadGenerator generator = new WorkloadGenerator(
                only(workload, phase.op()), RegisterKeys.plain(workload.registerKeys()), seed, "bench-" + phase.op());
        ProcessIds processIds = new ProcessIds();
        List<CanaryLoop> loops = new ArrayList<>();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < endpoints.size(); i++) {
            CanaryClient client = clients.get(i);
            CanaryLoop loop = new CanaryLoop(
                    "bench-" + endpoints.get(i).router(), phase.limitsOf(i, endpoints.size()), processIds, process -> {
                        Command command;
                        synchronized (generator) {
                            command = generator.next();
                        }
                        long callStart = System.nanoTime();
                        try {
                            client.execute(command);
                            latencies.recordValue(micros(callStart));
                            return OpType.OK;
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            Outcome outcome = OutcomeClassifier.classify(e);
                            if (SuccessRule.compareWasFalse(outcome.type(), outcome.error())) {
                                latencies.recordValue(micros(callStart));
                                compareFalse.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                            return outcome.type();
                        }
                    });
            loops.add(loop);
        }
        CanaryLoop.runAll(loops);
        double seconds = (System.nanoTime() - start) / 1e9;
        long clientCpu = processCpuNanos() - cpuStart;
        Map<String, Long> systemCpu = ContainerCpu.between(cpuBefore, cpu.snapshot());
        Histogram answered = latencies.getIntervalHistogram();
        long calls = answered.getTotalCount() + errors.get();
        return new BenchmarkFigures(
                system,
                phase.op(),
                phase.load(),
                answered.getTotalCount(),
                errors.get(),
                compareFalse.get(),
                seconds,
                answered.getTotalCount() == 0 ? Double.NaN : answered.getValueAtPercentile(50) / 1e3,
                answered.getTotalCount() == 0 ? Double.NaN : answered.getValueAtPercentile(99) / 1e3,
                calls == 0 ? Double.NaN : clientCpu / 1e6 / calls,
                perCall(systemCpu, calls),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The workload with only {@code op} in its mix: registers, item sizes and seed as they are. */
    private static Workload only(Workload workload, String op) {
        Workload.Mix mix =
                new Workload.Mix(op.equals("read") ? 1 : 0, op.equals("write") ? 1 : 0, op.equals("cas") ? 1 : 0, 0);
        return new Workload(workload.table(), workload.ratePerAz(), workload.registerKeys(), mix, workload.itemBytes());
    }

    private static Map<String, Double> perCall(Map<String, Long> nanosByRole, long calls) {
        Map<String, Double> millis = new TreeMap<>();
        if (calls > 0) {
            nanosByRole.forEach((role, nanos) -> millis.put(role, nanos / 1e6 / calls));
        }
        return millis;
    }

    private static long micros(long startNanos) {
        return Math.max(1, (System.nanoTime() - startNanos) / 1000);
    }

    /** The CPU time of this JVM (the clients): on a shared machine, what it takes is not the system's. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static String now() {
        return CLOCK.format(Instant.now());
    }
}
