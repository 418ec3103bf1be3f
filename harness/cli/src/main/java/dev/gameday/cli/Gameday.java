package dev.gameday.cli;

import dev.gameday.checker.cli.CheckCommand;
import dev.gameday.faultproxy.FaultProxyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one command line of the project, run as {@code ./gameday}. Each subcommand lives in the
 * module that owns its concern; this class only puts them under one name and one set of exit codes.
 */
@Command(
        name = "gameday",
        mixinStandardHelpOptions = true,
        versionProvider = Gameday.Version.class,
        description = "Chaos and game-day harness for a replicated DynamoDB-style store.",
        subcommands = {
            RunCommand.class,
            NightlyCommand.class,
            ConsoleCommand.class,
            RunsCommand.class,
            ReportCommand.class,
            IndexCommand.class,
            CheckCommand.class,
            BootBenchmarkCommand.class,
            SystemBenchmarkCommand.class,
            FaultProxyCommand.class,
            LocalClusterCommands.Start.class,
            LocalClusterCommands.Stop.class,
            CommandLine.HelpCommand.class
        })
public final class Gameday implements Runnable {

    /**
     * Every subcommand exits 0 on pass, 1 on a violation, 2 on bad input or environment and 3 when
     * the verdict is unknown; usage errors and unexpected failures caught here are bad input or
     * environment.
     */
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Built in one place so tests drive exactly what users run. */
    public static CommandLine commandLine() {
        return new CommandLine(new Gameday())
                .setExitCodeExceptionMapper(error -> BAD_INPUT)
                .setParameterExceptionHandler((error, args) -> {
                    error.getCommandLine().getErr().println(error.getMessage());
                    error.getCommandLine().usage(error.getCommandLine().getErr());
                    return BAD_INPUT;
                });
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Gameday.class.getPackage().getImplementationVersion();
            return new String[] {"gameday " + (version == null ? "development build" : version)};
        }
    }
}
