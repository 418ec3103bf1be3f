package dev.gameday.cli;

import dev.gameday.cluster.EnvironmentException;
import dev.gameday.cluster.SystemBenchmark;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.system.Systems;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code system-benchmark}: the same workload against several systems, side by side. */
@Command(
        name = "system-benchmark",
        description = "Boot each system from one experiment's cluster shape (no faults) and measure writes,"
                + " linearizable reads and CAS at the canary rate and at saturation: calls/s, p50, p99, errors,"
                + " and the first system's figures as ratios to the others'.")
public final class SystemBenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--systems",
            split = ",",
            defaultValue = "gameday-store,etcd",
            description = "Systems to measure, in order; ratios are the first's to each other's. A name ending in "
                    + SystemBenchmark.Side.FAULT_FILESYSTEM_SUFFIX + " (gameday-store"
                    + SystemBenchmark.Side.FAULT_FILESYSTEM_SUFFIX + ") runs that system's storage over the"
                    + " fault filesystem that power losses need (default: ${DEFAULT-VALUE}).")
    List<String> systemNames = new ArrayList<>();

    @Option(
            names = "--experiment",
            paramLabel = "FILE",
            defaultValue = "experiments/etcd-leader-isolation.yaml",
            description = "Whose cluster shape, workload and seed to use; its faults are left out, and every system"
                    + " must accept the shape (etcd: one partition) (default: ${DEFAULT-VALUE}).")
    Path experimentFile;

    @Option(
            names = "--canary-seconds",
            defaultValue = "20",
            description = "Each op type at the canary rate (default: ${DEFAULT-VALUE}).")
    int canarySeconds;

    @Option(
            names = "--saturation-seconds",
            defaultValue = "20",
            description = "Each op type at saturation (default: ${DEFAULT-VALUE}).")
    int saturationSeconds;

    @Option(
            names = "--warm-up-seconds",
            defaultValue = "15",
            description =
                    "Unmeasured saturation traffic after boot, before the first phase (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(
            names = "--clients",
            defaultValue = "24",
            description = "Calls in flight at most, spread over the endpoints (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--max-ops",
            defaultValue = "200000",
            description = "A saturation phase ends after this many ops at the latest (default: ${DEFAULT-VALUE}).")
    long maxOps;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "target/gameday",
            description = "Where the figures and each system's logs go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (canarySeconds < 1
                || canarySeconds > 600
                || saturationSeconds < 1
                || saturationSeconds > 600
                || warmUpSeconds < 0
                || warmUpSeconds > 600
                || clients < 3
                || clients > 256
                || maxOps < 1) {
            return badInput("system-benchmark: --canary-seconds and --saturation-seconds 1..600, --warm-up-seconds"
                    + " 0..600, --clients 3..256 (at least one per endpoint), --max-ops at least 1");
        }
        List<SystemBenchmark.Side> systems = new ArrayList<>();
        Systems installed = Systems.installed();
        for (String name : systemNames) {
            try {
                systems.add(SystemBenchmark.Side.named(name, installed));
            } catch (IllegalArgumentException e) {
                return badInput("system-benchmark: --systems: " + e.getMessage());
            }
        }
        LoadedExperiment loaded;
        try {
            loaded = new ExperimentLoader().load(experimentFile);
        } catch (ExperimentException e) {
            return badInput(e.getMessage());
        }
        SystemBenchmark.Settings settings = new SystemBenchmark.Settings(
                Duration.ofSeconds(warmUpSeconds),
                Duration.ofSeconds(canarySeconds),
                Duration.ofSeconds(saturationSeconds),
                clients,
                maxOps);
        try {
            new SystemBenchmark(loaded, systems, output, System.out).run(settings);
            return 0;
        } catch (ExperimentException | IllegalArgumentException e) {
            // A system that refuses the shape (etcd and more than one partition, say), before it started anything.
            return badInput(e.getMessage());
        } catch (EnvironmentException e) {
            return badInput(e.getMessage());
        }
    }

    private int badInput(String message) {
        spec.commandLine().getErr().println(message);
        return Gameday.BAD_INPUT;
    }
}
