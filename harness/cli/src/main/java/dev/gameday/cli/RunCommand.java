package dev.gameday.cli;

import dev.gameday.canary.ClientBug;
import dev.gameday.cluster.ContainerRun;
import dev.gameday.cluster.EnvironmentException;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.LiveMetrics;
import dev.gameday.metrics.MetricsEndpoint;
import dev.gameday.metrics.ProgressLine;
import dev.gameday.metrics.RunListener;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.Summary;
import dev.gameday.report.html.ReportPages;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code run EXPERIMENT}: Gameday's main job, on the local Docker engine. */
@Command(
        name = "run",
        description = "Boot the store in containers, run an experiment (canaries, faults), check it, write the report.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass",
            "1:violation (lost writes, non-linearizable, scrub mismatch, steady state broken)",
            "2:bad input or environment (nothing was judged)",
            "3:unknown (a check could not finish)"
        })
public final class RunCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "EXPERIMENT",
            description = "Experiment file, e.g. experiments/az-power-off.yaml.")
    Path experimentFile;

    @Option(
            names = "--time-scale",
            paramLabel = "FACTOR",
            description = "Multiply every duration of the schedule (0.1 = ten times shorter). Default: -D"
                    + TimeScale.PROPERTY + " or 1.")
    Double timeScale;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description =
                    "Use this seed instead of the file's (other targets and traffic, same schedule); results.json "
                            + "records the seed a run used.")
    Long seed;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "target/gameday",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--store-bug",
            paramLabel = "BUG",
            converter = StoreBugName.class,
            completionCandidates = StoreBugName.class,
            description = "Turn on a store bug to prove the checkers catch it: ${COMPLETION-CANDIDATES}. Also needs "
                    + BugSwitches.ENV + "=" + BugSwitches.ENV_VALUE + " in the environment.")
    List<StoreBug> storeBugs = new ArrayList<>();

    @Option(
            names = "--client-bug",
            paramLabel = "BUG",
            converter = ClientBugName.class,
            completionCandidates = ClientBugName.class,
            description = "Turn on a bug of the canary client, against any system, to prove the checkers catch it: "
                    + "${COMPLETION-CANDIDATES} (reads that ask for less than linearizable while the history promises "
                    + "it). Also needs " + BugSwitches.ENV + "=" + BugSwitches.ENV_VALUE + " in the environment.")
    List<ClientBug> clientBugs = new ArrayList<>();

    @Option(
            names = "--power-off",
            paramLabel = "MODE",
            converter = PowerOffName.class,
            description = "What a power-off fault does to a storage node: power-loss (the Gameday store's default: its "
                    + "fault filesystem stops at once, the node is killed, and every write not fsynced by then is "
                    + "dropped, and every directory entry change no fsync committed, as on ext4), power-loss-posix (as "
                    + "power-loss, but an entry change survives only a sync of its own directory) or sigkill (SIGKILL "
                    + "only: the host's page cache keeps unsynced writes; the only kind etcd and the example system "
                    + "have).")
    PowerOffMode powerOff;

    @Option(
            names = "--keep-data",
            description = "Keep the nodes' data directories (data/ in the run directory) after a passing run too; "
                    + "a run that does not pass always keeps them.")
    boolean keepData;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve live Prometheus metrics at http://127.0.0.1:PORT/metrics while the run goes (0: any free "
                            + "port). Default: " + MetricsEndpoint.DEFAULT_PORT
                            + " if free, else any free port. The run prints the "
                            + "address first and records it in the run directory's metrics.json; dashboards/ has the Grafana dashboard.")
    Integer metricsPort;

    @Option(
            names = "--metrics-host",
            paramLabel = "HOST",
            defaultValue = MetricsEndpoint.DEFAULT_HOST,
            description = "The address the metrics are served on (default: ${DEFAULT-VALUE}, this machine only).")
    String metricsHost;

    @Option(names = "--no-metrics", description = "Serve no live metrics.")
    boolean noMetrics;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            BugSwitches bugs = BugSwitches.of(storeBugs);
            bugs.checkAllowed(System.getenv());
            LoadedExperiment loaded = new ExperimentLoader().load(experimentFile);
            if (seed != null) {
                loaded = loaded.withSeed(seed);
            }
            TimeScale scale = timeScale == null ? TimeScale.fromSystemProperty() : new TimeScale(timeScale);
            List<RunListener> listeners = new ArrayList<>();
            try (MetricsEndpoint metrics = startMetrics(listeners);
                    ProgressLine progress = ProgressLine.forConsole()) {
                if (metrics != null) {
                    err.println("gameday run: live metrics on " + metrics.url() + " (Grafana dashboard: dashboards/)");
                    err.flush();
                }
                listeners.add(progress);
                ContainerRun.Result result = new ContainerRun(loaded, scale, bugs, output)
                        .keepDataOfPassingRuns(keepData)
                        .powerOff(powerOff)
                        .withClientBugs(clientBugs)
                        .reportingTo(RunListener.all(listeners))
                        .execute();
                out.print(Summary.render(result.results()));
                out.printf(
                        "boot to all-green: %d s, experiment: %d s; report: %s%n",
                        result.bootTime().toSeconds(), result.runTime().toSeconds(), result.report());
                return result.results().verdict().exitCode();
            }
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (EnvironmentException | IllegalArgumentException | IllegalStateException e) {
            err.println("gameday run: " + e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (IOException e) {
            err.println("gameday run: " + e);
            ReportPages.refresh(null, output);
            return RunVerdict.UNKNOWN.exitCode();
        }
    }

    /** The live metrics' endpoint, its listeners added to {@code listeners}; null with --no-metrics. */
    private MetricsEndpoint startMetrics(List<RunListener> listeners) throws IOException {
        if (noMetrics) {
            return null;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsEndpoint endpoint;
        try {
            endpoint = metricsPort == null
                    ? MetricsEndpoint.startOnDefaultPort(registry, metricsHost)
                    : MetricsEndpoint.start(registry, metricsHost, metricsPort);
        } catch (BindException e) {
            throw new IllegalArgumentException(
                    "cannot serve metrics on " + metricsHost + ":" + metricsPort + " (" + e.getMessage()
                            + "); pick another --metrics-port, 0 for any free one, or --no-metrics",
                    e);
        }
        listeners.add(new LiveMetrics(registry));
        listeners.add(endpoint);
        return endpoint;
    }

    /** A store bug by its command-line name, as {@link StoreBug} defines it. */
    static final class StoreBugName implements ITypeConverter<StoreBug>, Iterable<String> {
        @Override
        public StoreBug convert(String name) {
            try {
                return StoreBug.fromOptionName(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return StoreBug.optionNames().iterator();
        }
    }

    /** A client bug by its command-line name, as {@link ClientBug} defines it. */
    static final class ClientBugName implements ITypeConverter<ClientBug>, Iterable<String> {
        @Override
        public ClientBug convert(String name) {
            try {
                return ClientBug.fromOptionName(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        @Override
        public Iterator<String> iterator() {
            return ClientBug.optionNames(List.of(ClientBug.values())).iterator();
        }
    }

    static final class PowerOffName implements ITypeConverter<PowerOffMode> {
        @Override
        public PowerOffMode convert(String name) {
            try {
                return PowerOffMode.fromCli(name);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
