package dev.gameday.nemesis;

import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.schedule.Topology;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Cluster} with every fault capability, whose storage nodes are real OS processes ({@code sleep}), so the nemesis is tested
 * against real SIGKILL, SIGSTOP and SIGCONT. Linux only (reads process state from /proc).
 */
public final class LocalProcessCluster implements Cluster, Pause, Network, Links, Disk, AutoCloseable {
    private final Topology topology;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, String> leaders;

    public LocalProcessCluster(Topology topology, Map<String, String> leaders) throws IOException {
        this.topology = topology;
        this.leaders = leaders;
        for (Topology.Member node : topology.storageNodes()) {
            processes.put(node.name(), startNode());
        }
    }

    private static Process startNode() throws IOException {
        // Bounded: the process ends by itself even if a test forgets it.
        return new ProcessBuilder("sleep", "120").redirectErrorStream(true).start();
    }

    /**
     * How long a node powered on again stays "catching up" for the steady-state probe, like a store node
     * replaying its log; zero by default.
     */
    public volatile Duration catchUp = Duration.ZERO;

    private final Map<String, Long> startedAtNanos = new ConcurrentHashMap<>();

    /** Steady when every node process runs (not killed, not stopped) and has caught up (see {@link #catchUp}). */
    @Override
    public SteadyStateProbe steadyState() {
        return () -> new SteadyStateProbe.Wait() {
            @Override
            public List<String> missing() {
                return processes.keySet().stream()
                        .sorted()
                        .map(LocalProcessCluster.this::notSteady)
                        .filter(java.util.Objects::nonNull)
                        .toList();
            }

            @Override
            public List<String> describe() {
                return processes.keySet().stream()
                        .sorted()
                        .map(n -> n + " " + (notSteady(n) == null ? "steady" : notSteady(n)))
                        .toList();
            }
        };
    }

    private String notSteady(String node) {
        try {
            String state = state(node);
            if (!state.equals("S") && !state.equals("R")) {
                return node + " is " + state;
            }
        } catch (IOException e) {
            return node + " is gone";
        }
        long since = System.nanoTime() - startedAtNanos.getOrDefault(node, 0L);
        return since < catchUp.toNanos() ? node + " is catching up" : null;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    /** Router endpoints name the routers; there is no router process, the test store is in-process. */
    @Override
    public List<Endpoint> endpoints() {
        return topology.routers().stream()
                .map(r -> new Endpoint(r.name(), r.az(), URI.create("inproc://" + r.name())))
                .toList();
    }

    @Override
    public String leaderOf(String table, int partition) {
        return leaders.get(table + "/" + partition);
    }

    @Override
    public List<String> powerOff(String node) throws NemesisException {
        Process p = process(node);
        p.destroyForcibly(); // SIGKILL
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new NemesisException(node + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NemesisException("interrupted powering off " + node, e);
        }
        return List.of();
    }

    @Override
    public void powerOn(String node) throws NemesisException {
        if (process(node).isAlive()) {
            return; // idempotent: healing a node that was never hit
        }
        try {
            processes.put(node, startNode());
            startedAtNanos.put(node, System.nanoTime());
        } catch (IOException e) {
            throw new NemesisException("cannot start " + node, e);
        }
    }

    @Override
    public void pause(String node) throws NemesisException {
        signal(node, "-STOP");
        awaitState(node, true);
    }

    @Override
    public void resume(String node) throws NemesisException {
        signal(node, "-CONT");
        awaitState(node, false);
    }

    /**
     * Network and disk faults have no OS-level stand-in here: they are recorded, so tests can check
     * what the nemesis asked for and that it healed exactly that. The container cluster's ITs test the
     * real iptables rules, toxics and files.
     */
    public final Map<Integer, List<Block>> activePartitions = new ConcurrentHashMap<>();

    public final Map<Integer, List<String>> degradedLinks = new ConcurrentHashMap<>();
    public final List<Corruption> corruptions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void partition(int faultId, List<Block> blocks, Blocked blocked) {
        activePartitions.put(faultId, List.copyOf(blocks));
    }

    @Override
    public void healPartition(int faultId) {
        activePartitions.remove(faultId);
    }

    @Override
    public void degradeLinks(
            int faultId,
            dev.gameday.experiment.LinkSpec.Paths paths,
            List<String> members,
            List<dev.gameday.experiment.LinkSpec.Toxic> toxics) {
        degradedLinks.put(faultId, List.copyOf(members));
    }

    @Override
    public void healLinks(int faultId) {
        degradedLinks.remove(faultId);
    }

    @Override
    public List<Corruption> corrupt(int faultId, String node, dev.gameday.experiment.CorruptionSpec spec)
            throws NemesisException {
        if (spec.when() == dev.gameday.experiment.CorruptionSpec.When.AT_REST) {
            powerOff(node);
        }
        Corruption change = new Corruption(faultId, node, "data-0", spec.where(), spec.how(), "/recorded/only", 0, 0);
        corruptions.add(change);
        return List.of(change);
    }

    /** Signals are delivered asynchronously: done means the kernel shows the process (not) stopped. */
    private void awaitState(String node, boolean stopped) throws NemesisException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            while (state(node).equals("T") != stopped) {
                if (System.nanoTime() > deadline) {
                    throw new NemesisException(node + " did not become " + (stopped ? "stopped" : "runnable"));
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            throw new NemesisException("cannot read the state of " + node, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NemesisException("interrupted waiting for " + node, e);
        }
    }

    /** The kernel's state letter of the node's process: S sleeping, T stopped, or "dead". */
    public String state(String node) throws IOException {
        Process p = processes.get(node);
        if (!p.isAlive()) {
            return "dead";
        }
        String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }

    long pid(String node) {
        return processes.get(node).pid();
    }

    private Process process(String node) throws NemesisException {
        Process p = processes.get(node);
        if (p == null) {
            throw new NemesisException("no node " + node);
        }
        return p;
    }

    private void signal(String node, String signal) throws NemesisException {
        Process p = process(node);
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(p.pid()))
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new NemesisException("kill " + signal + " " + node + " exited " + exit);
            }
        } catch (IOException e) {
            throw new NemesisException("cannot signal " + node, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NemesisException("interrupted signalling " + node, e);
        }
    }

    @Override
    public void close() {
        processes.values().forEach(p -> {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
