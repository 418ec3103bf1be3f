package dev.gameday.store.server.cli;

import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.server.archive.ArchiveStoreServer;
import dev.gameday.store.server.node.StorageNode;
import dev.gameday.store.server.router.RouterServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The store distribution's command line: one subcommand per process role, and {@code local-cluster start|stop},
 * which runs every role as a process on loopback (what {@code ./gameday start|stop} calls).
 */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = "Gameday store: a replicated DynamoDB-style store (storage nodes, routers, archive store).",
        subcommands = {
            StoreCommand.Node.class,
            StoreCommand.Router.class,
            StoreCommand.ArchiveStore.class,
            LocalClusterCommands.class
        })
public final class StoreCommand {

    /** Options every role shares. */
    abstract static class Role implements Callable<Integer> {
        @Option(names = "--config", required = true, description = "cluster config JSON shared by all processes")
        Path config;

        /** Runs until the process is told to stop (SIGTERM), closing the role on the way out. */
        static int runUntilStopped(AutoCloseable role) throws InterruptedException {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    role.close();
                                } catch (Exception e) {
                                    System.err.println("error while stopping: " + e);
                                }
                                stopped.countDown();
                            },
                            "shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** A role that is one named member of the cluster config (a node or a router). */
    abstract static class Member extends Role {
        @Option(names = "--id", required = true, description = "this process's id in the cluster config")
        String id;
    }

    @Command(name = "node", description = "Run a storage node (Ratis replicas of its groups, archiver, scrub, admin).")
    static final class Node extends Member {

        @Override
        public Integer call() throws Exception {
            StorageNode node = new StorageNode(ClusterConfig.load(config), id);
            node.start();
            return runUntilStopped(node);
        }
    }

    @Command(name = "router", description = "Run a request router (the public DynamoDB endpoint of its AZ).")
    static final class Router extends Member {

        @Override
        public Integer call() throws Exception {
            RouterServer router = new RouterServer(ClusterConfig.load(config), id);
            router.start();
            return runUntilStopped(router);
        }
    }

    @Command(name = "archive-store", description = "Run the S3-compatible archive store (S3Proxy on the filesystem).")
    static final class ArchiveStore extends Role {
        @Override
        public Integer call() throws Exception {
            ArchiveStoreServer store =
                    new ArchiveStoreServer(ClusterConfig.load(config).archive());
            store.start();
            return runUntilStopped(store);
        }
    }
}
