package dev.gameday.store.server.cli;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.RouterConfig;
import dev.gameday.store.server.local.ClusterLayout;
import dev.gameday.store.server.local.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code store local-cluster start|stop} (and through it {@code ./gameday start|stop}): a local cluster of real
 * store processes on loopback (one storage node per AZ, routers, the archive store). {@code start} leaves the
 * processes running and writes their pids; {@code stop} ends exactly those pids.
 */
@Command(
        name = "local-cluster",
        mixinStandardHelpOptions = true,
        subcommands = {LocalClusterCommands.Start.class, LocalClusterCommands.Stop.class})
public final class LocalClusterCommands {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalClusterCommands()).execute(args));
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start a local 3-AZ store cluster and print its endpoints.")
    public static final class Start implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "target/local-cluster", description = "data, logs, config and pids")
        Path dir;

        @Option(names = "--routers", defaultValue = "1", description = "request routers (spread over the AZs)")
        int routers;

        @Option(names = "--groups", defaultValue = "4", description = "data replication groups")
        int groups;

        @Override
        public Integer call() {
            if (Files.exists(dir.resolve(LocalCluster.PID_FILE))) {
                System.err.println("a cluster seems to be running already (" + dir.resolve(LocalCluster.PID_FILE)
                        + " exists); run stop first");
                return 2;
            }
            LocalCluster cluster = LocalCluster.create(dir, routers, groups, BugSwitches.none());
            cluster.start(Duration.ofSeconds(120));
            ClusterConfig c = cluster.config();
            System.out.println(
                    "store cluster running (config " + cluster.dir().resolve(LocalCluster.CONFIG_FILE) + ")");
            for (RouterConfig r : c.routers()) {
                System.out.println(
                        "  dynamodb endpoint  " + r.endpointUrl() + "  (" + r.az() + ", admin " + r.adminUrl() + ")");
            }
            for (NodeConfig n : c.nodes()) {
                System.out.println("  storage node " + n.id() + "    " + n.adminUrl() + "  (" + n.az() + ", data "
                        + n.dataDir() + ")");
            }
            System.out.println("  archive (S3)       " + c.archive().endpointUrl() + "  bucket "
                    + c.archive().bucket());
            System.out.println("  credentials        access key " + ClusterLayout.ACCESS_KEY + ", secret "
                    + ClusterLayout.SECRET_KEY + ", region " + ClusterLayout.REGION);
            System.out.println("  pids               " + cluster.dir().resolve(LocalCluster.PID_FILE));
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop the local cluster started with start (by its pid file).")
    public static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "target/local-cluster")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path pids = dir.resolve(LocalCluster.PID_FILE);
            if (!Files.exists(pids)) {
                System.out.println("no cluster running (no " + pids + ")");
                return 0;
            }
            List<String> lines = Files.readAllLines(pids);
            for (String line : lines) {
                String[] parts = line.trim().split(" ");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("bad line in " + pids + ": '" + line + "'");
                }
                // Only end a pid that still runs the store: the pid may have been reused since start.
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(parts[1]))
                        .filter(h -> h.info()
                                .commandLine()
                                .map(c -> c.contains(LocalCluster.STORE_MAIN_CLASS))
                                .orElse(false));
                if (p.isPresent()) {
                    p.get().destroy();
                    try {
                        p.get().onExit().get(20, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        p.get().destroyForcibly();
                    }
                    System.out.println("stopped " + parts[0] + " (pid " + parts[1] + ")");
                }
            }
            Files.delete(pids);
            return 0;
        }
    }
}
