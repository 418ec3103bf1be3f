package dev.gameday.cli;

import dev.gameday.checker.cli.CheckCommand;
import dev.gameday.faultproxy.FaultProxyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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

    private static final String CHECK = "check";

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** Every subcommand. Built in one place so tests drive exactly what users run. */
    public static CommandLine commandLine() {
        return withExitCodes(new CommandLine(new Gameday()));
    }

    /**
     * The command line that runs {@code args}: for {@code check}, that subcommand alone under the
     * same name and exit codes, else {@link #commandLine()}. {@code check} is a one-shot command,
     * often run in a fresh JVM per history, and building every subcommand's model (their options'
     * types pull in the runner, the experiment classes and Jackson) took about 0.4 s, as long as the
     * JVM's own start and longer than checking a small history.
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0 && args[0].equals(CHECK)) {
            CommandLine root = new CommandLine(CommandSpec.create().name("gameday"));
            root.addSubcommand(CHECK, new CheckCommand());
            return withExitCodes(root);
        }
        return commandLine();
    }

    private static CommandLine withExitCodes(CommandLine commandLine) {
        return commandLine
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
