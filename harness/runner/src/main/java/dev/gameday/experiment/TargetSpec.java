package dev.gameday.experiment;

/**
 * Which storage nodes a fault hits, chosen like AWS FIS targets. Exactly one of the four is set:
 * <pre>
 *   target: {node: az1-storage-2}                               # one named node
 *   target: {az: az1}                                           # every storage node of an AZ
 *   target: {random: {count: 2}}                                # seeded random choice, or percent: 34,
 *   target: {random: {percent: 50, az: az2}}                    #   optionally only inside one AZ;
 *   target: {random: {count: 1, allowOverlap: true}}            #   may pick a node another fault holds
 *   target: {partitionLeader: {table: canary, partition: 0}}    # the leader at the moment the fault starts
 * </pre>
 */
public record TargetSpec(String node, String az, RandomNodes random, PartitionLeader partitionLeader) {

    public enum Kind {
        NODE,
        AZ,
        RANDOM,
        PARTITION_LEADER
    }

    /**
     * A seeded random choice of {@code count} nodes, or {@code percent} of them (rounded up). By
     * default it avoids nodes that an overlapping fault already holds; {@code allowOverlap} lifts that.
     */
    public record RandomNodes(Integer count, Integer percent, String az, Boolean allowOverlap) {
        public boolean overlapAllowed() {
            return Boolean.TRUE.equals(allowOverlap);
        }
    }

    public record PartitionLeader(String table, Integer partition) {}

    /** How many of the four selectors are set; a valid target has exactly one. */
    public int selectorCount() {
        return (node != null ? 1 : 0)
                + (az != null ? 1 : 0)
                + (random != null ? 1 : 0)
                + (partitionLeader != null ? 1 : 0);
    }

    /** The selector that is set; only meaningful when {@link #selectorCount()} is 1. */
    public Kind kind() {
        if (node != null) {
            return Kind.NODE;
        }
        if (az != null) {
            return Kind.AZ;
        }
        return random != null ? Kind.RANDOM : Kind.PARTITION_LEADER;
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case NODE -> "node " + node;
            case AZ -> "az " + az;
            case RANDOM ->
                "random " + (random.count() != null ? "count " + random.count() : random.percent() + "%")
                        + (random.az() != null ? " in " + random.az() : "");
            case PARTITION_LEADER -> "leader of " + partitionLeader.table() + "/" + partitionLeader.partition();
        };
    }
}
