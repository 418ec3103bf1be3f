package dev.gameday.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code start} and {@code stop}: a local cluster of store processes on loopback. The store's own command line
 * ({@code store local-cluster start|stop} in the store's jar) does the work in a child process, so the harness
 * never has the server, Ratis or RocksDB on its classpath; options and help are the store's and pass through.
 */
final class LocalClusterCommands {
    /** Where the store's distribution jar is; {@code ./gameday} sets it to this checkout's build. */
    static final String STORE_JAR_ENV = "GAMEDAY_STORE_JAR";

    private LocalClusterCommands() {}

    @Command(
            name = "start",
            description = "Start a local 3-AZ store cluster as processes and print its endpoints "
                    + "(options: ./gameday start --help).")
    static final class Start extends StoreLocalCluster {
        Start() {
            super("start");
        }
    }

    @Command(name = "stop", description = "Stop the local cluster started with start (options: ./gameday stop --help).")
    static final class Stop extends StoreLocalCluster {
        Stop() {
            super("stop");
        }
    }

    abstract static class StoreLocalCluster implements Callable<Integer> {
        private final String action;

        @Unmatched
        List<String> storeArgs = new ArrayList<>();

        @Spec
        CommandSpec spec;

        StoreLocalCluster(String action) {
            this.action = action;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            String jar = System.getenv(STORE_JAR_ENV);
            if (jar == null || jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
                spec.commandLine()
                        .getErr()
                        .println("gameday " + action + ": needs the store's jar in " + STORE_JAR_ENV + " ("
                                + (jar == null || jar.isBlank() ? "unset" : "no file " + jar)
                                + "); ./gameday sets it to this checkout's build");
                return Gameday.BAD_INPUT;
            }
            List<String> command = command(Path.of(jar), action, storeArgs, System.getProperty("java.home"));
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }

    /** The child process: this JVM's java running the store's jar. */
    static List<String> command(Path storeJar, String action, List<String> storeArgs, String javaHome) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(javaHome, "bin", "java").toString(), "-jar", storeJar.toString(), "local-cluster", action));
        command.addAll(storeArgs);
        return command;
    }
}
