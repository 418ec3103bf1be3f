package dev.gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.report.html.ReportPages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The subcommands are reachable under ./gameday with the documented exit codes. */
class GamedayCommandLineTest {

    /** A read of nil after the write of 1 completed: not linearizable. */
    private static final String STALE_READ = """
            {:process 0, :type :invoke, :f :write, :value 1}
            {:process 0, :type :ok, :f :write, :value 1}
            {:process 1, :type :invoke, :f :read, :value nil}
            {:process 1, :type :ok, :f :read, :value nil}
            """;

    @TempDir
    Path dir;

    @Test
    void checkJudgesAHistoryThroughTheTopLevelCommand() throws Exception {
        Path valid = dir.resolve("valid.edn");
        Files.writeString(valid, """
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :ok, :f :write, :value 1}
        {:process 1, :type :invoke, :f :read, :value nil}
        {:process 1, :type :ok, :f :read, :value 1}
        """);
        Path stale = dir.resolve("stale.edn");
        Files.writeString(stale, STALE_READ);

        assertEquals(0, run("check", valid.toString(), "--model", "register"));
        assertEquals(1, run("check", stale.toString(), "--model", "register"));
    }

    @Test
    void unknownSubcommandsAndOptionsAreBadInput() {
        assertEquals(Gameday.BAD_INPUT, run("no-such-command"));
        assertEquals(Gameday.BAD_INPUT, run("check", "--model"));
    }

    @Test
    void checkRunsAloneUnderTheSameNameAndExitCodes() throws Exception {
        Path stale = dir.resolve("stale.edn");
        Files.writeString(stale, STALE_READ);
        assertEquals(1, Gameday.commandLine("check").getSubcommands().size(), "only check is built");
        assertEquals(1, runAsMain("check", stale.toString(), "--model", "register"));
        assertEquals(Gameday.BAD_INPUT, runAsMain("check", "--model"));
        assertEquals(Gameday.BAD_INPUT, runAsMain("check", "--no-such-option"));
        StringWriter usage = new StringWriter();
        CommandLine commandLine = Gameday.commandLine("check", "--help");
        commandLine.setOut(new PrintWriter(usage));
        assertEquals(0, commandLine.execute("check", "--help"));
        assertTrue(usage.toString().contains("Usage: gameday check"), usage.toString());
    }

    @Test
    void anUnknownClientBugIsBadInputNamingTheBugsThereAre() {
        StringWriter err = new StringWriter();
        assertEquals(
                Gameday.BAD_INPUT,
                runWithErr(err, "run", "experiments/etcd-leader-isolation.yaml", "--client-bug", "stale-writes"));
        assertTrue(err.toString().contains("no client bug 'stale-writes'"), err.toString());
        assertTrue(err.toString().contains("serializable-reads"), err.toString());
    }

    /**
     * Every system installed here runs over a fault filesystem (etcd since stop 37); the refusal of one that does
     * not is SystemsTest's, with a system of its own.
     */
    @Test
    void aBenchmarkSideOfAnUnknownSystemIsRefusedBeforeAnythingBoots() {
        StringWriter err = new StringWriter();
        assertEquals(
                Gameday.BAD_INPUT,
                runWithErr(err, "system-benchmark", "--systems", "gameday-store+faultfs,no-such-system+faultfs"));
        assertTrue(err.toString().contains("unknown system 'no-such-system'"), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Gameday.commandLine();
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("--help"));
        assertTrue(out.toString().contains("check"), out.toString());
    }

    @Test
    void startAndStopRunTheStoresOwnLocalClusterCommandWithTheGivenOptions() {
        assertEquals(
                List.of(
                        Path.of("/jdk", "bin", "java").toString(),
                        "-jar",
                        "/b/store.jar",
                        "local-cluster",
                        "start",
                        "--dir",
                        "x",
                        "--groups",
                        "2"),
                LocalClusterCommands.command(
                        Path.of("/b/store.jar"), "start", List.of("--dir", "x", "--groups", "2"), "/jdk"));
        CommandLine.ParseResult parsed = Gameday.commandLine().parseArgs("start", "--dir", "x", "--help");
        LocalClusterCommands.Start start =
                parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(List.of("--dir", "x", "--help"), start.storeArgs, "the store's options and help pass through");
    }

    @Test
    void reportAndIndexWriteTheirPagesAndRejectWhatIsNotARunFolder() throws Exception {
        Path run = Files.createDirectories(dir.resolve("runs/az-power-off/20261205T100000Z"));
        Files.writeString(run.resolve("results.json"), """
        {"experiment": "az-power-off", "verdict": "pass", "reasons": [], "seed": 1, "timeScale": 1.0,
         "faults": [], "deliberateBugs": []}""");
        Files.writeString(run.resolve("history.edn"), """
        {:index 0, :time 1000000, :process 0, :type :invoke, :f :read, :key "k", :value nil, :az "az1", :endpoint "r"}
        {:index 1, :time 3000000, :process 0, :type :ok, :f :read, :key "k", :value nil, :az "az1", :endpoint "r"}
        """);

        assertEquals(0, run("report", run.toString()));
        assertTrue(Files.readString(run.resolve("report.html")).contains("az-power-off"));
        assertEquals(0, run("index", dir.resolve("runs").toString()));
        assertTrue(
                Files.readString(dir.resolve("runs/index.html")).contains("az-power-off/20261205T100000Z/report.html"));
        assertEquals(Gameday.BAD_INPUT, run("report", dir.resolve("no-such-run").toString()));
    }

    @Test
    void aReportThatCannotBeWrittenIsOnlyLogged() throws Exception {
        Path run = Files.createDirectories(dir.resolve("runs/broken/20261205T100000Z"));
        Files.writeString(run.resolve("results.json"), "{ not json");
        // Neither page can be written (the index reads the same results.json); the run's verdict is not touched.
        assertEquals(run, ReportPages.refresh(run, dir.resolve("runs")));
        assertTrue(Files.notExists(run.resolve("report.html")));
    }

    /** As {@link Gameday#main} runs them. */
    private static int runAsMain(String... args) {
        CommandLine commandLine = Gameday.commandLine(args);
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }

    /** Runs the command line, its standard error into {@code err}, its output discarded. */
    private static int runWithErr(StringWriter err, String... args) {
        CommandLine commandLine = Gameday.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private static int run(String... args) {
        CommandLine commandLine = Gameday.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }
}
