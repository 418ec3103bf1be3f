package dev.gameday.cluster;

import dev.gameday.experiment.ClockSpec;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.Clocks;
import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Disk;
import dev.gameday.nemesis.DiskFaults;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.Links;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Network;
import dev.gameday.nemesis.Pause;
import dev.gameday.nemesis.SteadyStateProbe;
import dev.gameday.schedule.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's view of a {@link StoreCluster}: its members under the experiment's names, the
 * router endpoints through the fault proxy, power and pause faults that return only once the
 * container has actually changed state, partitions ({@link IptablesPartitions}), link faults
 * ({@link LinkFaults}), disk corruption ({@link DiskCorruption}), sick disks (rules of each node's fault
 * filesystem) and clocks ({@link FakeTimeClocks}): every fault capability the runner has ({@link Disk} brings
 * power with it).
 */
public final class ContainerCluster implements Cluster, Pause, Network, Links, Disk, DiskFaults, Clocks {

    private final StoreCluster store;
    private final Topology topology;
    private final DiskCorruption disks;
    private final IptablesPartitions partitions;
    private final LinkFaults links;
    private final StoreSteadyState steadyState;
    private final FaultFsDiskFaults sickDisks;

    /**
     * @param store a started cluster
     * @param seed  the experiment's seed: it picks the files and blocks that corruption faults change
     */
    public ContainerCluster(StoreCluster store, long seed) {
        this.store = store;
        this.topology = Topology.fromShape(store.spec().shape());
        this.disks = new DiskCorruption(new StoreFiles(store), seed);
        this.sickDisks = new FaultFsDiskFaults(store::faultFs, StoreFiles::glob);
        this.partitions = new IptablesPartitions(store, store.partitionRules());
        this.links = new LinkFaults(store.faultProxyClient());
        this.steadyState = new StoreSteadyState(store);
    }

    @Override
    public SteadyStateProbe steadyState() {
        return steadyState;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public List<Endpoint> endpoints() {
        return store.routers().stream()
                .map(r -> new Endpoint(r.id(), r.az(), r.throughProxy()))
                .toList();
    }

    @Override
    public List<String> powerOff(String node) throws NemesisException {
        return powerOff(List.of(node));
    }

    @Override
    public List<String> powerOff(List<String> nodes) throws NemesisException {
        return ContainerStateChange.powerOff(nodes, store::powerOff, store::isRunning);
    }

    @Override
    public void powerOn(List<String> nodes) throws NemesisException {
        // Healing is idempotent: a node that is already running (the run was aborted) stays as it is.
        List<String> off = nodes.stream().filter(n -> !store.isRunning(n)).toList();
        if (off.isEmpty()) {
            return;
        }
        ContainerStateChange.await(
                "power on",
                String.join(", ", off),
                () -> store.powerOn(off),
                () -> off.stream().allMatch(store::isRunning));
    }

    @Override
    public void powerOn(String node) throws NemesisException {
        powerOn(List.of(node));
    }

    @Override
    public void pause(String node) throws NemesisException {
        ContainerStateChange.await("pause", node, () -> store.pause(node), () -> store.isStopped(node));
    }

    @Override
    public void resume(String node) throws NemesisException {
        ContainerStateChange.await("resume", node, () -> store.resume(node), () -> !store.isStopped(node));
    }

    @Override
    public void partition(int faultId, List<Block> blocks, Blocked blocked) throws NemesisException {
        fault("partition " + faultId + " " + blocks, () -> partitions.partition(faultId, blocks, blocked));
    }

    @Override
    public void healPartition(int faultId) throws NemesisException {
        fault("heal partition " + faultId, () -> partitions.heal(faultId));
    }

    @Override
    public void degradeLinks(int faultId, LinkSpec.Paths paths, List<String> members, List<LinkSpec.Toxic> toxics)
            throws NemesisException {
        List<String> proxyPaths = new ArrayList<>();
        for (String member : members) {
            proxyPaths.add(proxyPath(paths, member));
        }
        fault(
                "link fault " + faultId + " on " + paths.yamlName() + " paths of " + members,
                () -> links.degrade(faultId, proxyPaths, toxics));
    }

    @Override
    public void healLinks(int faultId) throws NemesisException {
        fault("heal link fault " + faultId, () -> links.heal(faultId));
    }

    @Override
    public List<Corruption> corrupt(int faultId, String node, CorruptionSpec spec) throws NemesisException {
        if (spec.when() == CorruptionSpec.When.AT_REST) {
            if (spec.where() == CorruptionSpec.Where.ITEM_FILES) {
                disks.flushItemFiles(
                        node); // rot at rest is in table files, not in a memtable that dies with the process
            }
            powerOff(node);
        }
        return List.of(disks.corrupt(faultId, node, spec));
    }

    /**
     * Also reads the node's wall clock back through a process started in it (it runs with the node's environment,
     * the library included), so the log says what the node saw, not only what it was told.
     */
    @Override
    public String moveClock(int faultId, String node, ClockSpec spec) throws NemesisException {
        try {
            Duration age = spec.kind() == ClockSpec.Kind.DRIFT ? processAge(node) : Duration.ZERO;
            String control = store.clocks().move(node, spec, age);
            return "control '" + control + "', wall clock read in the node " + wallClockOffset(node);
        } catch (RuntimeException e) {
            throw new NemesisException("clock fault " + faultId + " on " + node + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void restoreClock(int faultId, String node) throws NemesisException {
        fault(
                "restore the clock of " + node + " (fault " + faultId + ")",
                () -> store.clocks().restore(node));
    }

    /**
     * How long {@code node}'s store process (pid 1 of its container) has run, from the kernel's counters in the
     * node, which the clock library does not fake: uptime now minus the process's start in clock ticks.
     */
    Duration processAge(String node) {
        var result =
                store.exec(node, List.of("sh", "-c", "cat /proc/uptime; cut -d' ' -f22 /proc/1/stat; getconf CLK_TCK"));
        String[] lines = result.getStdout().strip().split("\\s+");
        if (result.getExitCode() != 0 || lines.length < 4) {
            throw new IllegalStateException("could not read the process age in " + node + ": " + result.getStderr());
        }
        double uptimeSeconds = Double.parseDouble(lines[0]);
        double startSeconds = Double.parseDouble(lines[2]) / Double.parseDouble(lines[3]);
        return Duration.ofMillis(Math.round((uptimeSeconds - startSeconds) * 1000));
    }

    /** How far {@code node}'s wall clock is from the harness's, as {@code date} in the node reads it: "+180.1s". */
    String wallClockOffset(String node) {
        long before = System.currentTimeMillis();
        var result = store.exec(node, List.of("date", "+%s%3N"));
        long after = System.currentTimeMillis();
        if (result.getExitCode() != 0) {
            return "failed: " + result.getStderr().strip();
        }
        long offsetMillis = Long.parseLong(result.getStdout().strip()) - (before + after) / 2;
        return String.format(
                java.util.Locale.ROOT, "%+.1fs (+-%.1fs)", offsetMillis / 1000.0, (after - before) / 2000.0);
    }

    @Override
    public String leaderOf(String table, int partition) {
        return store.leaderOf(table, partition);
    }

    /** The fault-proxy path of {@code member} that {@code paths} means. */
    private String proxyPath(LinkSpec.Paths paths, String member) throws NemesisException {
        return switch (paths) {
            case CLIENTS ->
                store.routers().stream()
                        .filter(r -> r.id().equals(member))
                        .findFirst()
                        .map(StoreCluster.RouterEndpoint::proxyName)
                        .orElseThrow(
                                () -> new NemesisException("link paths: clients: '" + member + "' is not a router"));
            case INTO_NODE -> {
                if (store.nodePathPorts().isEmpty()) {
                    throw new NemesisException("link paths: into-node needs cluster.nodeLinks: "
                            + ClusterShape.THROUGH_FAULT_PROXY + "; this cluster's node links are direct");
                }
                if (!store.nodePathPorts().containsKey(member)) {
                    throw new NemesisException("link paths: into-node: '" + member + "' is not a storage node");
                }
                yield StoreCluster.nodePathName(member);
            }
        };
    }

    private static void fault(String what, Runnable action) throws NemesisException {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new NemesisException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> sicken(int faultId, String node, DiskSpec spec) throws NemesisException {
        return sickDisks.sicken(faultId, node, spec);
    }

    @Override
    public void cure(int faultId, String node) throws NemesisException {
        sickDisks.cure(faultId, node);
    }
}
