package dev.gameday.cli;

import dev.gameday.cluster.BootBenchmark;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code boot-benchmark}: how long the standard cluster takes to serve canaries at steady latency. */
@Command(
        name = "boot-benchmark",
        description =
                "Boot an experiment's cluster N times (no faults) and print each boot phase, p50/p99 per second at"
                        + " the canary rate, and latency at multiples of it; with --compare, each boot also without the store image's"
                        + " class-data-sharing archive, side by side.")
public final class BootBenchmarkCommand implements Callable<Integer> {

    @Option(
            names = "--experiment",
            paramLabel = "FILE",
            defaultValue = "experiments/az-power-off.yaml",
            description = "Whose cluster shape and canary workload to use (default: ${DEFAULT-VALUE}).")
    Path experimentFile;

    @Option(names = "--runs", defaultValue = "3", description = "Boots per variant (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--compare", description = "Alternate each boot with a baseline boot without the archive.")
    boolean compare;

    @Option(
            names = "--canary-seconds",
            defaultValue = "60",
            description = "Load at the canary rate right after boot (default: ${DEFAULT-VALUE}).")
    int canarySeconds;

    @Option(
            names = "--multiples",
            split = ",",
            defaultValue = "2,5",
            description = "Then the canary rate times each of these (default: ${DEFAULT-VALUE}).")
    List<Double> multiples = new ArrayList<>();

    @Option(
            names = "--multiple-seconds",
            defaultValue = "20",
            description = "Load at each multiple (default: ${DEFAULT-VALUE}).")
    int multipleSeconds;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "target/gameday",
            description = "Where each boot's logs go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (runs < 1
                || runs > 20
                || canarySeconds < 1
                || canarySeconds > 600
                || multipleSeconds < 1
                || multipleSeconds > 600
                || multiples.stream().anyMatch(m -> !(m > 0) || m > 20)) {
            spec.commandLine()
                    .getErr()
                    .println("boot-benchmark: --runs 1..20, --canary-seconds and --multiple-seconds"
                            + " 1..600, --multiples each in (0, 20]");
            return Gameday.BAD_INPUT;
        }
        LoadedExperiment loaded;
        try {
            loaded = new ExperimentLoader().load(experimentFile);
        } catch (ExperimentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Gameday.BAD_INPUT;
        }
        List<BootBenchmark.Variant> variants = compare
                ? List.of(BootBenchmark.Variant.BASELINE_WITHOUT_CLASS_DATA_SHARING, BootBenchmark.Variant.CURRENT)
                : List.of(BootBenchmark.Variant.CURRENT);
        new BootBenchmark(loaded, output, System.out)
                .run(runs, variants, Duration.ofSeconds(canarySeconds), multiples, Duration.ofSeconds(multipleSeconds));
        return 0;
    }
}
