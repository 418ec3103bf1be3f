package dev.gameday.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gameday.cluster.ContainerRun;
import dev.gameday.cluster.EnvironmentException;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.RunListener;
import dev.gameday.store.api.bugs.BugSwitches;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code ./gameday console}: boots the experiment's cluster as {@code ./gameday run} does, serves the console, and
 * lets operators run the game day until one of them ends it; then the run ends as a scheduled one does (heal,
 * final reads, scrub, checkers, the run directory with results.json and report.html). Ctrl-C heals, removes the
 * containers and keeps the run directory with verdict unknown and the reason.
 */
public final class ConsoleGameDay {
    /** How long Ctrl-C waits for healing, the results and the removal of the containers. */
    private static final Duration SHUTDOWN_ALLOWANCE = Duration.ofMinutes(3);

    private final LoadedExperiment loaded;
    private final TimeScale scale;
    private final BugSwitches bugs;
    private final Path output;
    private String host = "127.0.0.1";
    private int port;
    private Duration linger = Duration.ofSeconds(3);
    private RunListener alsoReportingTo = RunListener.NONE;

    public ConsoleGameDay(LoadedExperiment loaded, TimeScale scale, BugSwitches bugs, Path output) {
        this.loaded = loaded;
        this.scale = scale;
        this.bugs = bugs;
        this.output = output;
    }

    /** The experiment with its schedule replaced by one empty phase: every fault comes from the operators. */
    public static LoadedExperiment withoutSchedule(LoadedExperiment loaded) throws ExperimentException, IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode document = (ObjectNode) yaml.readTree(loaded.file().toFile());
        if (loaded.experiment().seed() != null) {
            document.put("seed", loaded.experiment().seed());
        }
        document.putArray("schedule").addObject().put("name", "manual").put("duration", "1s");
        return new ExperimentLoader().load(loaded.file(), yaml.writeValueAsBytes(document));
    }

    /** Serves on {@code host}:{@code port} (port 0: any free one). */
    public ConsoleGameDay servingOn(String host, int port) {
        this.host = host;
        this.port = port;
        return this;
    }

    /** How long the page stays up after the verdict, for the tabs to show it. */
    public ConsoleGameDay lingering(Duration linger) {
        this.linger = linger;
        return this;
    }

    /** Another listener of the run, e.g. the terminal's progress line. */
    public ConsoleGameDay reportingTo(RunListener listener) {
        this.alsoReportingTo = listener;
        return this;
    }

    /**
     * Runs the game day; {@code serving} gets the console's address (with its token) as soon as it is up. Returns
     * the run's result once it ended and its containers are gone.
     */
    public ContainerRun.Result run(Consumer<String> serving)
            throws ExperimentException, EnvironmentException, IOException, InterruptedException {
        GameDaySession session = new GameDaySession(loaded.file());
        CountDownLatch done = new CountDownLatch(1);
        Thread onCtrlC = new Thread(
                () -> {
                    session.abandon(
                            "interrupted: the harness was stopped (Ctrl-C or closed) before the game day ended");
                    try {
                        done.await(SHUTDOWN_ALLOWANCE.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "gameday-console-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (ConsoleServer server = new ConsoleServer(session, host, port)) {
            serving.accept(server.url());
            try {
                ContainerRun.Result result = new ContainerRun(loaded, scale, bugs, output)
                        .reportingTo(RunListener.all(List.of(session, alsoReportingTo)))
                        .operatedBy(session)
                        .execute();
                session.finished(
                        result.results().verdict().jsonName(),
                        result.results().reasons(),
                        result.directory().dir());
                Thread.sleep(linger.toMillis());
                return result;
            } catch (ExperimentException | EnvironmentException | IOException | RuntimeException e) {
                session.failed(e.getMessage());
                throw e;
            }
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running and waits for done
            }
        }
    }
}
