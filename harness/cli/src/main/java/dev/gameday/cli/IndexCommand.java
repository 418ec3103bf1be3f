package dev.gameday.cli;

import dev.gameday.report.html.RunsIndexPage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code index [ROOT]}: rebuilds ROOT/index.html over every run kept there. */
@Command(
        name = "index",
        description =
                "Write ROOT/index.html: every kept run with its verdict and a link to its report.html, trends per "
                        + "experiment, flaky experiments marked.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:index written", "2:the folder or a results.json could not be read"})
public final class IndexCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "ROOT",
            defaultValue = "target/gameday",
            description = "Runs folder (default: ${DEFAULT-VALUE}).")
    Path root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(RunsIndexPage.write(root));
            return 0;
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("gameday index: " + e.getMessage());
            return Gameday.BAD_INPUT;
        }
    }
}
