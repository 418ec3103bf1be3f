package dev.gameday.cluster;

import dev.gameday.experiment.ClockSpec;
import dev.gameday.experiment.ClusterShape;
import dev.gameday.store.api.bugs.BugSwitches;

/**
 * What a run boots: the experiment's cluster shape (AZs, storage nodes and routers per AZ, the
 * tables), how many replication groups the storage nodes host, and the store's bug switches
 * (off unless a test that proves the harness catches them turns one on), what a power-off does to a storage
 * node ({@link PowerOffMode}: SIGKILL unless told to make it a power loss over a fault filesystem), and
 * {@code movableClocks}: null unless the experiment has clock faults, when the storage nodes boot with libfaketime,
 * allowed to move those clocks. {@code faultFilesystem}: whether the storage nodes' data directories are fault
 * filesystems even without power losses (an experiment with disk faults needs them). {@code seed}: the run's seed,
 * from which the fault filesystems draw which bytes of a torn write survive a power loss and their rules' randomness,
 * so a run with another {@code --seed} tears other writes and the same seed the same ones.
 */
public record StoreClusterSpec(
        ClusterShape shape,
        int replicationGroups,
        BugSwitches bugs,
        PowerOffMode powerOff,
        ClockSpec.Clocks movableClocks,
        boolean faultFilesystem,
        long seed) {

    public StoreClusterSpec(ClusterShape shape, int replicationGroups, BugSwitches bugs) {
        this(shape, replicationGroups, bugs, PowerOffMode.SIGKILL, null, false, 0);
    }

    public StoreClusterSpec {
        if (shape.azs().size() < 3) {
            throw new IllegalArgumentException("a cluster needs at least 3 AZs (one replica each), got " + shape.azs());
        }
        if (replicationGroups < 1) {
            throw new IllegalArgumentException("replicationGroups must be >= 1, got " + replicationGroups);
        }
        if (bugs == null) {
            bugs = BugSwitches.none();
        }
        if (powerOff == null) {
            powerOff = PowerOffMode.SIGKILL;
        }
    }

    /** The same cluster with power-offs done as {@code mode}. */
    public StoreClusterSpec withPowerOff(PowerOffMode mode) {
        return new StoreClusterSpec(shape, replicationGroups, bugs, mode, movableClocks, faultFilesystem, seed);
    }

    /** One replication group per partition of the experiment's largest table, as DynamoDB maps them. */
    public static StoreClusterSpec of(ClusterShape shape, BugSwitches bugs) {
        int groups = shape.tables().stream()
                .mapToInt(ClusterShape.TableSpec::partitions)
                .max()
                .orElse(3);
        return new StoreClusterSpec(shape, groups, bugs);
    }

    /** The same cluster with storage nodes whose {@code clocks} a clock fault can move (null: none). */
    public StoreClusterSpec withMovableClocks(ClockSpec.Clocks clocks) {
        return new StoreClusterSpec(shape, replicationGroups, bugs, powerOff, clocks, faultFilesystem, seed);
    }

    /** The same cluster, its storage nodes on fault filesystems if {@code mounted} or if power-offs are power losses. */
    public StoreClusterSpec withFaultFilesystem(boolean mounted) {
        return new StoreClusterSpec(shape, replicationGroups, bugs, powerOff, movableClocks, mounted, seed);
    }

    /** The same cluster, its fault filesystems seeded from the run's {@code seed}. */
    public StoreClusterSpec withSeed(long seed) {
        return new StoreClusterSpec(shape, replicationGroups, bugs, powerOff, movableClocks, faultFilesystem, seed);
    }

    /** Whether the storage nodes' data directories are fault filesystems. */
    public boolean mountsFaultFilesystems() {
        return faultFilesystem || powerOff.losesUnsyncedWrites();
    }
}
