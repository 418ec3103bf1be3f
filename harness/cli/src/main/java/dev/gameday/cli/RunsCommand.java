package dev.gameday.cli;

import dev.gameday.report.RunIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runs [DIR...]}: every run kept, counted per experiment by verdict, with the false alarms (a run of the
 * correct system that did not pass) listed, so that a gate losing its reliability shows as a number.
 */
@Command(
        name = "runs",
        description = "Count the kept runs per experiment (pass, fail, unknown) and list the false alarms: runs of the "
                + "correct system (no --store-bug) that did not pass.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (whatever the verdicts)", "2:a folder or results.json could not be read"})
public final class RunsCommand implements Callable<Integer> {

    @Parameters(
            paramLabel = "DIR",
            arity = "0..*",
            description = "Runs folders (default: target/gameday and experiments/target/gameday, the CLI's and the "
                    + "JUnit suite's).")
    List<Path> folders = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> roots =
                folders.isEmpty() ? List.of(Path.of("target/gameday"), Path.of("experiments/target/gameday")) : folders;
        List<RunIndex.Run> runs = new ArrayList<>();
        try {
            for (Path root : roots) {
                runs.addAll(RunIndex.scan(root));
            }
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("gameday runs: " + e.getMessage());
            return Gameday.BAD_INPUT;
        }
        out.printf("%-28s %5s %5s %5s %8s %13s%n", "experiment", "runs", "pass", "fail", "unknown", "false alarms");
        for (RunIndex.Tally t : RunIndex.tally(runs)) {
            out.printf(
                    "%-28s %5d %5d %5d %8d %13d%n",
                    t.experiment(), t.runs(), t.pass(), t.fail(), t.unknown(), t.falseAlarms());
        }
        List<RunIndex.Run> falseAlarms =
                runs.stream().filter(RunIndex.Run::falseAlarm).toList();
        out.printf("%d run(s), %d false alarm(s)%n", runs.size(), falseAlarms.size());
        for (RunIndex.Run run : falseAlarms) {
            out.printf(
                    "  %s %s (seed %d, time scale %s): %s%n",
                    run.dir(), run.verdict().jsonName(), run.seed(), run.timeScale(), run.firstReason());
        }
        return 0;
    }
}
