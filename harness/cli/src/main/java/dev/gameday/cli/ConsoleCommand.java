package dev.gameday.cli;

import dev.gameday.cluster.ContainerRun;
import dev.gameday.cluster.EnvironmentException;
import dev.gameday.console.ConsoleGameDay;
import dev.gameday.experiment.ExperimentException;
import dev.gameday.experiment.ExperimentLoader;
import dev.gameday.experiment.LoadedExperiment;
import dev.gameday.experiment.TimeScale;
import dev.gameday.metrics.ProgressLine;
import dev.gameday.report.RunVerdict;
import dev.gameday.report.Summary;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code console EXPERIMENT}: a game day run by hand from a web page. */
@Command(
        name = "console",
        description =
                "Boot the experiment's cluster, start the canaries from every AZ and serve a web console to run a "
                        + "game day by hand (inject, heal, notes, end game day); the end is a scheduled run's: checks, report.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass",
            "1:violation",
            "2:bad input or environment (nothing was judged)",
            "3:unknown (a check could not finish, or the harness was stopped first)"
        })
public final class ConsoleCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "EXPERIMENT",
            description = "Experiment file, e.g. experiments/az-power-off.yaml.")
    Path experimentFile;

    @Option(names = "--manual", description = "Ignore the experiment's schedule: every fault comes from the console.")
    boolean manual;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = "127.0.0.1",
            description =
                    "The address the console is served on (default: ${DEFAULT-VALUE}, this machine only); the token "
                            + "is needed whatever the address.")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "The console's port (default: any free one; the address is printed).")
    int port;

    @Option(
            names = "--time-scale",
            paramLabel = "FACTOR",
            description = "Multiply the schedule's durations (without --manual) and the stop conditions' windows.")
    Double timeScale;

    @Option(names = "--seed", paramLabel = "N", description = "Use this seed instead of the file's.")
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
            converter = RunCommand.StoreBugName.class,
            completionCandidates = RunCommand.StoreBugName.class,
            description = "Turn on a store bug (as for run): ${COMPLETION-CANDIDATES}.")
    List<StoreBug> storeBugs = new ArrayList<>();

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
            if (manual) {
                loaded = ConsoleGameDay.withoutSchedule(loaded);
            }
            TimeScale scale = timeScale == null ? TimeScale.fromSystemProperty() : new TimeScale(timeScale);
            try (ProgressLine progress = ProgressLine.forConsole()) {
                ContainerRun.Result result = new ConsoleGameDay(loaded, scale, bugs, output)
                        .servingOn(bind, port)
                        .reportingTo(progress)
                        .run(url -> {
                            err.println(
                                    "gameday console: open " + url + " (the token in it is needed for every request)");
                            err.println(
                                    "gameday console: booting the cluster; Ctrl-C heals, removes the containers and keeps the"
                                            + " run directory with verdict unknown");
                            err.flush();
                        });
                out.print(Summary.render(result.results()));
                out.printf("report: %s%n", result.report());
                return result.results().verdict().exitCode();
            }
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (BindException e) {
            err.println("gameday console: cannot serve on " + bind + ":" + port + " (" + e.getMessage() + ")");
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (EnvironmentException | IllegalArgumentException | IllegalStateException e) {
            err.println("gameday console: " + e.getMessage());
            return RunVerdict.BAD_INPUT_EXIT_CODE;
        } catch (IOException e) {
            err.println("gameday console: " + e);
            return RunVerdict.UNKNOWN.exitCode();
        }
    }
}
