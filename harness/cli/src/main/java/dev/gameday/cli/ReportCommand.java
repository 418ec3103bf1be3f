package dev.gameday.cli;

import dev.gameday.report.html.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code report RUN_DIR}: (re)creates a run's report.html from the files the run left. */
@Command(
        name = "report",
        description =
                "Write RUN_DIR/report.html from the run's results.json, history.edn and nemesis.log: one page that "
                        + "opens offline, with the verdict, traffic charts with the fault windows, lost writes and counterexample.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:report written (whatever the run's verdict)",
            "2:not a run directory, or its files unreadable"
        })
public final class ReportCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "A run directory, e.g. target/gameday/az-power-off/latest.")
    Path runDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(runDir)) {
            spec.commandLine().getErr().println("gameday report: not a directory: " + runDir);
            return Gameday.BAD_INPUT;
        }
        try {
            spec.commandLine().getOut().println(RunReport.write(runDir));
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("gameday report: " + e.getMessage());
            return Gameday.BAD_INPUT;
        }
    }
}
