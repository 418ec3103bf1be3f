package dev.gameday.etcd;

import dev.gameday.cluster.ContainerStateChange;
import dev.gameday.cluster.DiskCorruption;
import dev.gameday.cluster.FaultFsDiskFaults;
import dev.gameday.cluster.IptablesPartitions;
import dev.gameday.cluster.LinkFaults;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.experiment.PartitionSpec.Blocked;
import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.Cluster;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.Disk;
import dev.gameday.nemesis.DiskFaults;
import dev.gameday.nemesis.Endpoint;
import dev.gameday.nemesis.Links;
import dev.gameday.nemesis.MemberReplacement;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Network;
import dev.gameday.nemesis.Pause;
import dev.gameday.nemesis.SteadyStateProbe;
import dev.gameday.run.StoreAccess;
import dev.gameday.schedule.Topology;
import dev.gameday.system.RunningSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * etcd booted for a run, and the nemesis's view of it: members under their names, one endpoint per member
 * through the fault proxy, power (SIGKILL, and a power loss over each member's fault filesystem if the run has
 * power losses: {@link EtcdCluster#withPowerOff}), pause (SIGSTOP) and partitions (iptables rules in the members, the
 * cluster module's {@link IptablesPartitions}) and link faults (the cluster module's {@link LinkFaults} on each member's
 * client path and, with peer links through the fault proxy, its peer path), and corruption of a member's bbolt file
 * or WAL tail (the cluster module's {@link DiskCorruption} over {@link EtcdFiles}), sick disks (the cluster module's
 * {@link FaultFsDiskFaults} on the files {@link EtcdFiles#glob} names), then, if the file asks, the
 * operator's replacement of the corrupted member ({@link EtcdMemberReplacement}). Every action returns once the
 * container has changed state.
 */
public final class RunningEtcd
        implements RunningSystem, Cluster, Disk, DiskFaults, MemberReplacement, Pause, Network, Links {

    /** A leader target resolves when its fault starts, which may be during an election (about 2 s here). */
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    /** Two of etcd's backend batch intervals (100 ms): what an at-rest corruption waits before the power-off. */
    private static final Duration BACKEND_COMMITS = Duration.ofMillis(200);

    private final EtcdCluster etcd;
    private final EtcdStoreAccess access;
    private final Topology topology;
    private final IptablesPartitions partitions;
    private final LinkFaults links;
    private final DiskCorruption disks;
    private final FaultFsDiskFaults sickDisks;

    /** @param seed the experiment's seed: it picks the blocks that corruption faults change */
    RunningEtcd(EtcdCluster etcd, EtcdStoreAccess access, long seed) {
        this.etcd = etcd;
        this.access = access;
        this.topology = new Topology(
                etcd.members().stream()
                        .map(member -> new Topology.Member(member.name(), member.az()))
                        .toList(),
                List.of());
        this.partitions = new IptablesPartitions(etcd, etcd.partitionRules());
        this.links = new LinkFaults(etcd.faultProxyClient());
        this.disks = new DiskCorruption(new EtcdFiles(etcd::hostDataDir), seed);
        this.sickDisks = new FaultFsDiskFaults(etcd::faultFs, EtcdFiles::glob);
    }

    /** The members' containers, for tests that look at what a report cannot show. */
    public EtcdCluster etcd() {
        return etcd;
    }

    @Override
    public Cluster cluster() {
        return this;
    }

    @Override
    public StoreAccess access() {
        return access;
    }

    @Override
    public Map<String, String> leaders() {
        return etcd.leader().map(leader -> Map.of(EtcdSystem.GROUP, leader)).orElse(Map.of());
    }

    @Override
    public Path dataRoot() {
        return etcd.dataRoot();
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public SteadyStateProbe steadyState() {
        return new EtcdSteadyState(etcd);
    }

    /** One endpoint per member, through its fault-proxy path: etcd's members are their own routers. */
    @Override
    public List<Endpoint> endpoints() {
        return etcd.members().stream()
                .map(m -> new Endpoint(m.name(), m.az(), m.canaryUrl()))
                .toList();
    }

    /**
     * etcd's leader, whatever the table and partition: its one Raft group holds the whole key space, and the
     * experiment's single-partition table stands for it ({@link EtcdSystem} refuses more partitions).
     */
    @Override
    public String leaderOf(String table, int partition) {
        return etcd.awaitLeader(LEADER_TIMEOUT);
    }

    @Override
    public List<String> powerOff(String node) throws NemesisException {
        return powerOff(List.of(node));
    }

    /** All at one instant: with power losses no member's disk syncs anything once the first is cut. */
    @Override
    public List<String> powerOff(List<String> nodes) throws NemesisException {
        return ContainerStateChange.powerOff(nodes, etcd::powerOff, etcd::isRunning);
    }

    @Override
    public void powerOn(String node) throws NemesisException {
        // Healing is idempotent: a member that runs (the run was aborted before the cut) stays as it is.
        // Started is enough: a member whose files etcd cannot read exits again at once (a corruption fault's heal),
        // which
        // is etcd's answer to the fault for the scrub to name, not a failed power-on.
        if (!etcd.isRunning(node)) {
            Instant before = Instant.now();
            ContainerStateChange.await(
                    "power on", node, () -> etcd.powerOn(node), () -> etcd.startedSince(node, before));
        }
    }

    @Override
    public void pause(String node) throws NemesisException {
        ContainerStateChange.await("pause", node, () -> etcd.pause(node), () -> etcd.isPaused(node));
    }

    @Override
    public void resume(String node) throws NemesisException {
        ContainerStateChange.await("resume", node, () -> etcd.resume(node), () -> !etcd.isPaused(node));
    }

    @Override
    public void partition(int faultId, List<Block> blocks, Blocked blocked) throws NemesisException {
        try {
            partitions.partition(faultId, blocks, blocked);
        } catch (RuntimeException e) {
            throw new NemesisException("partition " + faultId + " " + blocks + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void healPartition(int faultId) throws NemesisException {
        try {
            partitions.heal(faultId);
        } catch (RuntimeException e) {
            throw new NemesisException("heal partition " + faultId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Bits flipped, a block zeroed or the end cut in the member's bbolt file ({@code item-files}) or the written end
     * of its newest WAL segment ({@code log-tail}), from the host. At rest the member is powered off (SIGKILL) first,
     * after etcd's 100 ms backend commit interval has passed twice, so the file holds what the member had applied.
     */
    @Override
    public List<Corruption> corrupt(int faultId, String node, CorruptionSpec spec) throws NemesisException {
        if (spec.when() == CorruptionSpec.When.AT_REST) {
            try {
                Thread.sleep(BACKEND_COMMITS.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NemesisException("interrupted before powering off " + node + " for a corruption", e);
            }
            powerOff(node);
        }
        return List.of(disks.corrupt(faultId, node, spec));
    }

    /** Latency, I/O errors, a failing fsync or a full disk under a member, on the files the fault names. */
    @Override
    public List<String> sicken(int faultId, String node, DiskSpec spec) throws NemesisException {
        return sickDisks.sicken(faultId, node, spec);
    }

    @Override
    public void cure(int faultId, String node) throws NemesisException {
        sickDisks.cure(faultId, node);
    }

    /** etcd's runbook for a corrupted member, after a corruption fault with {@code repair: replace-member}. */
    @Override
    public void replaceCorrupted(int faultId, String node, Consumer<String> steps) throws NemesisException {
        access.replacements().replaceCorrupted(faultId, node, steps);
    }

    /** {@code clients}: the canaries' paths to {@code members}; {@code into-node}: their peer paths. */
    @Override
    public void degradeLinks(int faultId, LinkSpec.Paths paths, List<String> members, List<LinkSpec.Toxic> toxics)
            throws NemesisException {
        try {
            List<String> proxyPaths =
                    members.stream().map(m -> etcd.linkPath(paths, m)).toList();
            links.degrade(faultId, proxyPaths, toxics);
        } catch (RuntimeException e) {
            throw new NemesisException(
                    "link fault " + faultId + " on " + paths.yamlName() + " paths of " + members + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void healLinks(int faultId) throws NemesisException {
        try {
            links.heal(faultId);
        } catch (RuntimeException e) {
            throw new NemesisException("heal link fault " + faultId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The clients first, then every container (also when closing the clients fails).
        try (etcd) {
            access.close();
        }
    }
}
