package dev.gameday.cluster;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.store.api.bugs.BugSwitches;

/**
 * What a run boots: the experiment's cluster shape (AZs, storage nodes and routers per AZ, the
 * tables), how many replication groups the storage nodes host, and the store's bug switches
 * (off unless a test that proves the harness catches them turns one on), and what a power-off does to a
 * storage node ({@link PowerOffMode}: a real power loss over a fault filesystem unless told otherwise).
 */
public record StoreClusterSpec(ClusterShape shape, int replicationGroups, BugSwitches bugs, PowerOffMode powerOff) {

  public StoreClusterSpec(ClusterShape shape, int replicationGroups, BugSwitches bugs) {
    this(shape, replicationGroups, bugs, PowerOffMode.POWER_LOSS);
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
      powerOff = PowerOffMode.POWER_LOSS;
    }
  }

  /** The same cluster with power-offs done as {@code mode}. */
  public StoreClusterSpec withPowerOff(PowerOffMode mode) {
    return new StoreClusterSpec(shape, replicationGroups, bugs, mode);
  }

  /** One replication group per partition of the experiment's largest table, as DynamoDB maps them. */
  public static StoreClusterSpec of(ClusterShape shape, BugSwitches bugs) {
    int groups = shape.tables().stream().mapToInt(ClusterShape.TableSpec::partitions).max().orElse(3);
    return new StoreClusterSpec(shape, groups, bugs);
  }
}
