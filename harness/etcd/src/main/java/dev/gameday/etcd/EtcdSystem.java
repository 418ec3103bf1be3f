package dev.gameday.etcd;

import dev.gameday.cluster.EnvironmentException;
import dev.gameday.cluster.PowerOffMode;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.FaultType;
import dev.gameday.schedule.Topology;
import dev.gameday.system.Refusals;
import dev.gameday.system.SystemAdapter;
import dev.gameday.system.SystemBoot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * etcd 3.4 as the system {@code etcd}: {@code storageNodesPerAz} members in each AZ ({@code az1-etcd-1}, ...), one
 * Raft group. Canaries reach every member through its fault-proxy path (a member is its own endpoint: etcd has
 * no routers), faults are power (a power loss over each member's fault filesystem unless {@code --power-off sigkill}),
 * pause, iptables partitions and link faults on the members' client paths
 * ({@code paths: clients}, a member's own canary path: {@code target: {node: ...}}, or an AZ's) and peer paths
 * ({@code paths: into-node}, with {@code nodeLinks: through-fault-proxy}), and corruption of a member's bbolt file
 * ({@code where: item-files}) or WAL tail ({@code log-tail}), and sick disks (slow, errors, fsync-gate, full: the
 * WAL is {@code files: raft-log}, the bbolt file {@code item-files}). The experiment's table stands for
 * etcd's one key space: it must have one partition, whose leader ({@code partitionLeader: {table, partition: 0}})
 * is etcd's leader.
 *
 * <p>What an etcd run cannot honour is refused before any container starts, at the file's line where it can be:
 * the store's bug switches, fault types other than power-off,
 * pause, partition, link, corrupt and disk, archive corruptions, more than one partition, more than one router per AZ, a continuous scrub.
 */
public final class EtcdSystem implements SystemAdapter {

    public static final String NAME = "etcd";
    /** The group {@link RunningEtcd#leaders()} names: etcd has one Raft group. */
    public static final String GROUP = "etcd";

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(2);
    private static final Set<FaultType> SUPPORTED = Set.of(
            FaultType.POWER_OFF,
            FaultType.PAUSE,
            FaultType.PARTITION,
            FaultType.LINK,
            FaultType.CORRUPT,
            FaultType.DISK);

    @Override
    public String name() {
        return NAME;
    }

    /** Members only: the canaries talk to the members themselves, so the topology has no routers. */
    @Override
    public Topology topology(ClusterShape shape) {
        List<Topology.Member> members = new ArrayList<>();
        for (String az : shape.azs()) {
            for (int i = 1; i <= shape.storageNodesPerAz(); i++) {
                members.add(new Topology.Member(EtcdCluster.memberName(az, i), az));
            }
        }
        return new Topology(members, List.of());
    }

    /**
     * A power loss: each member's data directory is a fault filesystem that drops what the member had not synced
     * (etcd syncs its WAL before it answers a write, so a correct etcd loses nothing acknowledged).
     */
    @Override
    public PowerOffMode defaultPowerOff() {
        return PowerOffMode.POWER_LOSS;
    }

    @Override
    public RunningEtcd boot(SystemBoot boot) throws EnvironmentException, InterruptedException {
        refuseWhatEtcdCannotDo(boot);
        Experiment experiment = boot.planned().scaled().experiment();
        EtcdCluster etcd = new EtcdCluster(boot.directory().dir(), boot.labels())
                .withPowerOff(boot.powerOff(), experiment.seed())
                .withFaultFilesystem(boot.hasDiskFaults())
                .withAzs(experiment.cluster().azs())
                .withMembersPerAz(experiment.cluster().storageNodesPerAz());
        if (experiment.cluster().nodeLinksThroughFaultProxy()) {
            etcd.withPeerLinksThroughFaultProxy();
        }
        EtcdStoreAccess access = new EtcdStoreAccess(etcd, boot.clientBugs());
        try {
            try {
                etcd.start();
                etcd.awaitLeader(BOOT_TIMEOUT);
                access.awaitCanariesSucceed(BOOT_TIMEOUT);
            } catch (RuntimeException e) {
                throw new EnvironmentException(
                        "etcd did not boot (logs in " + boot.directory().dir() + "): " + e.getMessage(), e);
            }
            return new RunningEtcd(etcd, access, experiment.seed());
        } catch (Exception | Error e) {
            try (etcd;
                    access) {
                throw e;
            }
        }
    }

    /** Everything an etcd run cannot honour, all at once, at its line in the file where it has one. */
    static void refuseWhatEtcdCannotDo(SystemBoot boot) {
        ClusterShape cluster = boot.planned().asWritten().experiment().cluster();
        Refusals refusals = Refusals.of(boot);
        List<ClusterShape.TableSpec> tables = cluster.tables();
        for (int i = 0; i < tables.size(); i++) {
            refusals.where(
                    "/cluster/tables/" + i + "/partitions",
                    tables.get(i).partitions() != 1,
                    "etcd has one Raft group for its whole key space: a table of system: etcd has partitions: 1");
        }
        refusals.where(
                        "/cluster/routersPerAz",
                        cluster.routersPerAz() != 1,
                        "etcd has no routers (canaries talk to every member): leave routersPerAz at 1")
                .where(
                        "/cluster/scrubEvery",
                        cluster.scrubEvery() != null,
                        "etcd is scrubbed once after healing (HashKV across members);"
                                + " a continuous scrub is the Gameday store's")
                .faultTypesOtherThan(SUPPORTED, EtcdSystem::unsupported)
                .faultsWhere(
                        fault -> fault.corrupt() != null && fault.corrupt().where() == CorruptionSpec.Where.ARCHIVE,
                        "/corrupt/where",
                        "etcd has no archive: corrupt a member's item-files (its bbolt db) or log-tail (its WAL)")
                .throwIfAny();
        if (boot.storeBugs().any()) {
            throw new IllegalArgumentException("--store-bug " + boot.storeBugs()
                    + " switches bugs of the Gameday store;" + " system: etcd has none");
        }
    }

    private static String unsupported(FaultType type) {
        return "system: etcd takes power-off, pause, partition, link, corrupt and disk faults, not " + type
                + " (not done for etcd yet)";
    }
}
