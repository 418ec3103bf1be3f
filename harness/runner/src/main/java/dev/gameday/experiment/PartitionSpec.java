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
 *   partition: {shape: ring}        # every node talks only to its two neighbours in a seeded ring
 *   partition: {shape: one-way}     # targets cannot reach the other nodes; the other nodes still reach them
 * </pre>
 */
public record PartitionSpec(Shape shape) {

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
