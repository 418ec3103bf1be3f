package dev.gameday.cluster;

import dev.gameday.canary.ClientBug;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.PlanFile;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.RunListener;
import dev.gameday.nemesis.NemesisRunner;
import dev.gameday.report.Results;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.html.ReportPages;
import dev.gameday.run.GamedayRun;
import dev.gameday.run.RunDirectory;
import dev.gameday.schedule.PlannedExperiment;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.system.RunningSystem;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.SystemBoot;
import dev.gameday.system.Systems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gameday's main job for one experiment on the local Docker engine: find the system the experiment names
 * ({@code system:}, see {@link Systems}) and plan it (an unknown system or a plan that does not fit the cluster is
 * bad input and nothing starts), boot the system's cluster in containers through its adapter, run the experiment to
 * its verdict, and remove every container, also on failure.
 */
public final class ContainerRun {

    private static final Logger log = LoggerFactory.getLogger(ContainerRun.class);
    /** Room for a run: the nodes' data (tens of MB each), container logs, the history, and headroom for the store. */
    private static final long MIN_FREE_DISK_BYTES = 2L << 30;

    private final LoadedExperiment loaded;
    private final TimeScale scale;
    private final BugSwitches bugs;
    private final Path outputRoot;
    private boolean keepDataOfPassingRuns;
    /** Null: the system's own default ({@link SystemAdapter#defaultPowerOff()}). */
    private PowerOffMode powerOff;

    private Set<ClientBug> clientBugs = Set.of();
    private RunListener listener = RunListener.NONE;
    private Operator operator;

    /**
     * A person at the wheel (the web console): once the cluster is up it gets the run and the system, and hands back
     * what receives the nemesis runner when the canary starts (see {@link GamedayRun#operatedBy}).
     */
    public interface Operator {
        Consumer<NemesisRunner> attach(GamedayRun run, RunningSystem system, PlannedExperiment planned);
    }

    /**
     * @param outputRoot where run directories go ({@code target/gameday}); each run gets
     *     {@code NAME/TIMESTAMP/} and a {@code latest} link
     * @param bugs the Gameday store's bug switches, none outside tests that prove the harness catches them
     */
    public ContainerRun(LoadedExperiment loaded, TimeScale scale, BugSwitches bugs, Path outputRoot) {
        this.loaded = loaded;
        this.scale = scale;
        this.bugs = bugs;
        this.outputRoot = outputRoot;
    }

    /**
     * Keeps the nodes' data directories ({@code data/} in the run directory) after a passing run too. By default
     * only a run that did not pass keeps them, for forensics: a suite of passing runs would otherwise leave tens of
     * megabytes each.
     */
    public ContainerRun keepDataOfPassingRuns(boolean keep) {
        this.keepDataOfPassingRuns = keep;
        return this;
    }

    /**
     * What a power-off does to a storage node: {@link PowerOffMode#POWER_LOSS} (unsynced writes are dropped by the
     * node's fault filesystem), its POSIX-strict variant, or {@link PowerOffMode#SIGKILL} (the process dies, the page
     * cache keeps everything). Not called: the system's default, a power loss for the Gameday store.
     */
    public ContainerRun powerOff(PowerOffMode mode) {
        this.powerOff = mode;
        return this;
    }

    private PowerOffMode powerOffOf(SystemAdapter system) {
        return powerOff != null ? powerOff : system.defaultPowerOff();
    }

    /** The canary client's deliberate bugs (none outside tests that prove the harness catches them). */
    public ContainerRun withClientBugs(Collection<ClientBug> bugs) {
        this.clientBugs = Set.copyOf(bugs);
        return this;
    }

    /** Tells {@code listener} what happens while the experiment runs (after the boot): live metrics, progress. */
    public ContainerRun reportingTo(RunListener listener) {
        this.listener = listener;
        return this;
    }

    /** Runs the experiment under {@code operator}: it lasts until the operator ends it. */
    public ContainerRun operatedBy(Operator operator) {
        this.operator = operator;
        return this;
    }

    /** Runs the experiment and removes the cluster; the results are also in {@code results.json}. */
    public Result execute() throws ExperimentException, EnvironmentException, IOException, InterruptedException {
        try (Running running = executeAndKeepRunning()) {
            return running.result();
        }
    }

    /**
     * Runs the experiment and leaves the healed cluster running, for tests that look at it afterwards
     * (the JUnit extension); the caller closes it, which removes every container.
     */
    public Running executeAndKeepRunning()
            throws ExperimentException, EnvironmentException, IOException, InterruptedException {
        Experiment experiment = loaded.experiment();
        if (!clientBugs.isEmpty() && !BugSwitches.consented(System.getenv())) {
            // As for the store's bugs: a run that breaks its client on purpose is never started by accident.
            throw new IllegalStateException("client bugs " + ClientBug.optionNames(clientBugs) + " need "
                    + BugSwitches.ENV + "=" + BugSwitches.ENV_VALUE + " in the environment; refusing to start");
        }
        SystemAdapter system = Systems.installed().of(loaded);
        // Scaled and planned once, before anything starts (targets must exist in the shape the file declares); the
        // cluster and the run take this plan instead of making their own.
        PlannedExperiment planned = PlannedExperiment.plan(loaded, scale, system.topology(experiment.cluster()));

        requireFreeDisk(outputRoot, MIN_FREE_DISK_BYTES);
        RunDirectory dir = RunDirectory.create(outputRoot, experiment.name(), Instant.now());
        // The faults as planned (generated ones written out), replayable with `gameday run plan.yaml`.
        PlanFile.write(
                planned.asWritten().experiment(),
                "The plan of a run of " + loaded.file() + " (seed "
                        + experiment.seed() + "), its generated faults written out.\nReplay: ./gameday run "
                        + dir.dir().resolve(PlanFile.FILE_NAME) + " (add the run's --time-scale)",
                dir.dir().resolve(PlanFile.FILE_NAME));
        RunLabels labels =
                RunLabels.forThisProcess(experiment.name() + "-" + dir.dir().getFileName());
        long bootStart = System.nanoTime();
        // A power loss needs a fault filesystem under every storage node; a run that powers nothing off (no
        // power-off fault, nobody at a console who could) keeps plain directories, at their speed.
        boolean powerOffs =
                operator != null || planned.plan().faults().stream().anyMatch(f -> f.type() == FaultType.POWER_OFF);
        RunningSystem running = system.boot(new SystemBoot(
                planned, dir, labels, bugs, clientBugs, powerOffs ? powerOffOf(system) : PowerOffMode.SIGKILL));
        try {
            Duration boot = Duration.ofNanos(System.nanoTime() - bootStart);
            log.info("cluster booted in {} s; running {}", boot.toSeconds(), experiment.name());
            long runStart = System.nanoTime();
            GamedayRun run = new GamedayRun(planned, running.cluster(), running.access(), dir).reportingTo(listener);
            if (operator != null) {
                run.operatedBy(operator.attach(run, running, planned));
            }
            Results results = run.run();
            boolean dropData = results.verdict() == RunVerdict.PASS && !keepDataOfPassingRuns;
            Duration runTime = Duration.ofNanos(System.nanoTime() - runStart);
            Path report = ReportPages.refresh(dir.dir(), outputRoot);
            return new Running(running, new Result(dir, results, boot, runTime, report), dropData);
        } catch (Exception | Error e) {
            try (running) {
                throw e;
            }
        }
    }

    /**
     * A store that runs out of disk fails in ways that name other causes (containers that do not start, a router
     * that never answers), so a run refuses to start without room for its nodes' data, logs and history.
     */
    static void requireFreeDisk(Path outputRoot, long minFreeBytes) throws IOException, EnvironmentException {
        Path existing = outputRoot.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = Files.getFileStore(existing).getUsableSpace();
        if (free < minFreeBytes) {
            throw new EnvironmentException(
                    String.format(
                            "only %d MB free on the disk of %s; a run needs at least %d MB"
                                    + " (remove old runs there, or pass --output)",
                            free >> 20, outputRoot, minFreeBytes >> 20),
                    null);
        }
    }

    /**
     * What a run produced and how long its parts took (boot to all-green, then the experiment); {@code report} is its
     * report.html, or the run directory when the page could not be written (logged; the verdict stands).
     */
    public record Result(RunDirectory directory, Results results, Duration bootTime, Duration runTime, Path report) {}

    /**
     * A finished run whose system is still up; closing it removes the system's containers and, when {@code dropData},
     * its members' data directories.
     */
    public record Running(RunningSystem system, Result result, boolean dropData) implements AutoCloseable {
        @Override
        public void close() {
            try (system) {
                log.debug("removing the cluster of {}", result.directory().dir());
            }
            if (dropData) {
                // After the containers are gone: nothing writes there any more.
                deleteTree(system.dataRoot());
            }
        }
    }

    /** Removes {@code root} and everything under it; what cannot be removed is logged and left. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("could not remove {}: {}", root, e.toString());
        }
    }
}
