package dev.gameday.store.server.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.store.api.admin.AdminClient;
import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.ClusterConfig;
import dev.gameday.store.api.config.NodeConfig;
import dev.gameday.store.api.config.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of real store processes on loopback: storage nodes, routers and the archive store, each a
 * {@code java} process running the store's entry point ({@link #STORE_MAIN_CLASS}) with this JVM's classpath.
 * Used by {@code gameday start}, the tests and the benchmark. Logs go to {@code <dir>/logs/<id>.log}; pids to
 * {@code <dir>/cluster.pids}.
 */
public final class LocalCluster implements AutoCloseable {
    public static final String CONFIG_FILE = "cluster.json";
    public static final String PID_FILE = "cluster.pids";

    /** Set by {@link #closedOnExit()}. */
    private Thread exitHook;
    /**
     * The distribution's entry point ({@code StoreMain}), which every process of the cluster runs. Named, as on the
     * {@code java} command line, not referenced: its command line includes {@code local-cluster start}, which uses
     * this class, so a reference would make the packages depend on each other. LocalClusterTest checks the name.
     */
    public static final String STORE_MAIN_CLASS = "dev.gameday.store.server.StoreMain";

    private final Path dir;
    private final ClusterConfig config;
    private final Path configFile;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    // Generous: a scrub (POST /scrub) waits for three replicas and the archive on a loaded machine.
    private final AdminClient admin = new AdminClient(Duration.ofSeconds(120));
    private Path classListDir;

    public LocalCluster(Path dir, ClusterConfig config) {
        this.dir = dir.toAbsolutePath();
        this.config = config;
        this.configFile = this.dir.resolve(CONFIG_FILE);
    }

    public static LocalCluster create(Path dir, int routers, int groups, BugSwitches bugs) {
        return create(dir, 1, routers, groups, bugs);
    }

    public static LocalCluster create(Path dir, int nodesPerAz, int routers, int groups, BugSwitches bugs) {
        return new LocalCluster(dir, ClusterLayout.loopback(dir.toAbsolutePath(), nodesPerAz, routers, groups, bugs));
    }

    /**
     * Each process writes the classes it loads to {@code <dir>/<id>.classlist}: the image build trains its
     * class-data-sharing archive this way, so that every store container maps those classes instead of loading them.
     */
    public LocalCluster dumpingLoadedClassesTo(Path dir) {
        this.classListDir = dir.toAbsolutePath();
        return this;
    }

    /**
     * Stops the processes when this JVM exits, Ctrl-C and SIGTERM included, if nothing closed the cluster before: for
     * the benchmarks, whose clusters must not outlive them. Not for {@code gameday start}, whose cluster does.
     */
    public LocalCluster closedOnExit() {
        Thread hook = new Thread(this::close, "local-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        exitHook = hook;
        return this;
    }

    public ClusterConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    /** Starts every process and waits until every group has a leader and the routers answer. */
    public LocalCluster start(Duration timeout) {
        try {
            config.save(configFile);
            launch("archive", "archive-store");
            for (NodeConfig n : config.nodes()) {
                launch(n.id(), "node", "--id", n.id());
            }
            for (RouterConfig r : config.routers()) {
                launch(r.id(), "router", "--id", r.id());
            }
            awaitReady(timeout);
            return this;
        } catch (RuntimeException e) {
            close(); // The caller never gets this cluster, so nobody else would stop what already started.
            throw e;
        }
    }

    private void launch(String id, String... roleArgs) {
        try {
            Files.createDirectories(dir.resolve("logs"));
            // C1 only, as in the containers: many JVMs on two cores are busier compiling with C2 than serving.
            List<String> cmd = new ArrayList<>(List.of(
                    javaBinary(),
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    STORE_MAIN_CLASS));
            if (classListDir != null) {
                cmd.add(1, "-XX:DumpLoadedClassList=" + classListDir.resolve(id + ".classlist"));
            }
            cmd.addAll(List.of(roleArgs));
            cmd.addAll(List.of("--config", configFile.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("logs").resolve(id + ".log").toFile()));
            if (config.bugs().any()) {
                pb.environment().put(BugSwitches.ENV, BugSwitches.ENV_VALUE);
            }
            processes.put(id, pb.start());
            writePids();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id, e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void writePids() throws IOException {
        StringBuilder b = new StringBuilder();
        processes.forEach((id, p) -> b.append(id).append(' ').append(p.pid()).append('\n'));
        Files.writeString(dir.resolve(PID_FILE), b.toString());
    }

    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            waitingFor = notReady();
            if (waitingFor.isEmpty()) {
                return;
            }
            for (Map.Entry<String, Process> p : processes.entrySet()) {
                if (!p.getValue().isAlive()) {
                    throw new IllegalStateException("process " + p.getKey() + " exited with "
                            + p.getValue().exitValue() + "; see "
                            + dir.resolve("logs").resolve(p.getKey() + ".log"));
                }
            }
            sleep(300);
        }
        throw new IllegalStateException("cluster not ready after " + timeout + ": " + waitingFor);
    }

    /** What is not ready yet, or "" when every running node sees a leader in every group it hosts. */
    private String notReady() {
        try {
            admin.get(config.archive().adminUrl() + "/health");
            for (RouterConfig r : config.routers()) {
                admin.get(r.adminUrl() + "/health");
            }
            int hosted = 0;
            for (NodeConfig n : config.nodes()) {
                if (!isRunning(n.id())) {
                    continue;
                }
                for (JsonNode g : admin.get(n.adminUrl() + "/groups")) {
                    hosted++;
                    if (g.get("leaderId").isNull()) {
                        return n.id() + " sees no leader in " + g.get("group").asText();
                    }
                }
            }
            return hosted == 0 ? "no groups yet" : "";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    public boolean isRunning(String id) {
        Process p = processes.get(id);
        return p != null && p.isAlive();
    }

    /** SIGKILL: the process gets no chance to flush or say goodbye. */
    public void kill(String id) {
        Process p = process(id);
        p.destroyForcibly();
        waitFor(p);
    }

    /** SIGTERM: a graceful stop. */
    public void stop(String id) {
        Process p = process(id);
        p.destroy();
        waitFor(p);
    }

    /** Starts a stopped or killed node again with the same id, config and data directory. */
    public void restartNode(String id) {
        if (isRunning(id)) {
            throw new IllegalStateException(id + " is still running");
        }
        launch(id, "node", "--id", id);
    }

    private Process process(String id) {
        Process p = processes.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no process " + id + "; processes: " + processes.keySet());
        }
        return p;
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node that currently leads a group, as the nodes themselves report it. */
    public Optional<String> leaderOf(String group) {
        for (NodeConfig n : config.nodes()) {
            if (!isRunning(n.id())) {
                continue;
            }
            try {
                for (JsonNode g : admin.get(n.adminUrl() + "/groups")) {
                    if (g.get("group").asText().equals(group) && g.get("leader").asBoolean()) {
                        return Optional.of(n.id());
                    }
                }
            } catch (RuntimeException e) {
                // A node that does not answer leads nothing we can use.
            }
        }
        return Optional.empty();
    }

    /** One node's view of one group (role, applied index, ...), from its admin endpoint. */
    public Optional<JsonNode> groupOn(String nodeId, String group) {
        for (JsonNode g : admin.get(config.node(nodeId).adminUrl() + "/groups")) {
            if (g.get("group").asText().equals(group)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    public AdminClient admin() {
        return admin;
    }

    public String routerEndpoint() {
        return config.routers().get(0).endpointUrl();
    }

    @Override
    public void close() {
        if (exitHook != null && Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException e) {
                // The JVM is exiting: the hook runs this too, which is harmless after it.
            }
        }
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        processes.values().forEach(LocalCluster::waitFor);
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException e) {
            // The pid file only helps `gameday stop`; every process is gone already.
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
