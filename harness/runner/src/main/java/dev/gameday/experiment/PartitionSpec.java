package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The shape of a network partition; the fault's target says which storage nodes it is about.
 * <pre>
 *   partition: {shape: isolate}     # targets cut off from every other member (an AZ target: its routers
 *                                   #   too, and those routers from the clients)
 *   partition: {shape: halves}      # targets (a minority) vs the other nodes; routers stay with their AZ,
 *                                   #   clients reach both sides: the split brain of Jepsen's tests
 *   partition: {shape: bridge}      # the other nodes split in two halves that cannot talk; the target
 *                                   #   (one node) still talks to both
 *   partition: {shape: ring}        # every node talks only to its two neighbours in a seeded ring in which
 *                                   #   every replication group has two replicas next to each other
 *   partition: {shape: one-way}     # targets cannot reach the other nodes; the other nodes still reach them
 *   partition: {shape: halves, blocked: refused}
 *                                   # blocked packets answered with a TCP reset instead of dropped (the default)
 * </pre>
 */
public record PartitionSpec(Shape shape, Blocked blocked) {

    public PartitionSpec {
        blocked = blocked == null ? Blocked.DROPPED : blocked;
    }

    public PartitionSpec(Shape shape) {
        this(shape, Blocked.DROPPED);
    }

    /**
     * What happens to a blocked packet. A cut cable or a dead host drops it: the sender learns of the cut only
     * when its own timeout fires. A host that is up but refuses (a firewall rule that rejects, a process gone
     * from its port) answers at once with a TCP reset, so a client fails over as soon as it tries: the two sides
     * of a split then serve side by side sooner, which is when a deposed leader's stale answers show.
     */
    public enum Blocked {
        DROPPED,
        REFUSED;

        @JsonCreator
        public static Blocked fromYaml(String text) {
            return YamlNames.parse(Blocked.class, text, "partition blocked");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }

    public enum Shape {
        ISOLATE,
        HALVES,
        BRIDGE,
        RING,
        ONE_WAY;

        @JsonCreator
        public static Shape fromYaml(String text) {
            return YamlNames.parse(Shape.class, text, "partition shape");
        }

        @JsonValue
        public String yamlName() {
            return YamlNames.of(this);
        }
    }
}
