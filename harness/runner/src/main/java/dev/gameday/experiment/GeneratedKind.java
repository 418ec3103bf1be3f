package dev.gameday.experiment;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The kinds of fault a {@code generate:} block can draw, by the name it uses them with. Each is a fault type of
 * {@link FaultType} with its detail fixed; a new kind (or a new fault type) is one line in {@link #CATALOGUE}.
 *
 * @param name    the name in {@code generate.faults}
 * @param aims    what the generator chooses as the target
 * @param quorum  which nodes it takes away from their replication groups while it lasts (what {@code keepQuorum}
 *                counts)
 * @param example the fault with its detail set; target, start and length are left for the generator
 */
public record GeneratedKind(String name, Aim aims, QuorumImpact quorum, FaultSpec example) {

    /** What a generated fault of this kind is aimed at. */
    public enum Aim {
        /** one storage node, written as {@code target: {node: ...}} */
        ONE_NODE,
        /** one AZ's client paths, {@code target: {az: ...}} */
        ONE_AZ,
        /** no target: the whole cluster (a ring) or the archive */
        NO_TARGET
    }

    /** Which nodes a fault removes from the majority of their groups while it lasts. */
    public enum QuorumImpact {
        /** none: slower or damaged paths, a bridge node that still links both halves */
        NONE,
        /** its target node: off, stopped, cut off, or being repaired */
        TARGET,
        /** any node: a seeded ring can leave a group's three replicas without two neighbours that talk */
        ALL
    }

    private static final Duration UNSET = Duration.ZERO;

    /** Every kind a generate block can name; the order is the order the documentation lists them in. */
    public static final List<GeneratedKind> CATALOGUE = List.of(
            node("power-off", FaultType.POWER_OFF, QuorumImpact.TARGET, null, null, null),
            node("pause", FaultType.PAUSE, QuorumImpact.TARGET, null, null, null),
            node(
                    "partition-isolate",
                    FaultType.PARTITION,
                    QuorumImpact.TARGET,
                    shape(PartitionSpec.Shape.ISOLATE),
                    null,
                    null),
            node(
                    "partition-halves",
                    FaultType.PARTITION,
                    QuorumImpact.TARGET,
                    shape(PartitionSpec.Shape.HALVES),
                    null,
                    null),
            node(
                    "partition-isolate-refused",
                    FaultType.PARTITION,
                    QuorumImpact.TARGET,
                    new PartitionSpec(PartitionSpec.Shape.ISOLATE, PartitionSpec.Blocked.REFUSED),
                    null,
                    null),
            node(
                    "partition-halves-refused",
                    FaultType.PARTITION,
                    QuorumImpact.TARGET,
                    new PartitionSpec(PartitionSpec.Shape.HALVES, PartitionSpec.Blocked.REFUSED),
                    null,
                    null),
            node(
                    "partition-one-way",
                    FaultType.PARTITION,
                    QuorumImpact.TARGET,
                    shape(PartitionSpec.Shape.ONE_WAY),
                    null,
                    null),
            node(
                    "partition-bridge",
                    FaultType.PARTITION,
                    QuorumImpact.NONE,
                    shape(PartitionSpec.Shape.BRIDGE),
                    null,
                    null),
            whole("partition-ring", FaultType.PARTITION, QuorumImpact.ALL, shape(PartitionSpec.Shape.RING), null, null),
            az(
                    "link-latency",
                    clients(new LinkSpec.Toxic("latency", null, null, Map.of("latency", 300L, "jitter", 100L)))),
            az("link-timeouts", clients(new LinkSpec.Toxic("timeout", "upstream", 0.3, Map.of("timeout", 0L)))),
            az("link-down", clients(new LinkSpec.Toxic("down", null, null, null))),
            node(
                    "corrupt-item-files",
                    FaultType.CORRUPT,
                    QuorumImpact.TARGET,
                    null,
                    null,
                    new CorruptionSpec(
                            CorruptionSpec.Where.ITEM_FILES, CorruptionSpec.How.FLIP_BITS, CorruptionSpec.When.LIVE)),
            node(
                    "corrupt-log-tail",
                    FaultType.CORRUPT,
                    QuorumImpact.TARGET,
                    null,
                    null,
                    new CorruptionSpec(
                            CorruptionSpec.Where.LOG_TAIL, CorruptionSpec.How.ZERO_BLOCK, CorruptionSpec.When.AT_REST)),
            whole(
                    "corrupt-archive",
                    FaultType.CORRUPT,
                    QuorumImpact.NONE,
                    null,
                    null,
                    new CorruptionSpec(
                            CorruptionSpec.Where.ARCHIVE, CorruptionSpec.How.FLIP_BITS, CorruptionSpec.When.LIVE)));

    public static GeneratedKind named(String name) {
        return CATALOGUE.stream().filter(k -> k.name.equals(name)).findFirst().orElse(null);
    }

    public static List<String> names() {
        return CATALOGUE.stream().map(GeneratedKind::name).toList();
    }

    /** This kind's fault aimed at {@code target} (null for {@link Aim#NO_TARGET}), from {@code at} for {@code length}. */
    public FaultSpec fault(TargetSpec target, Duration at, Duration length) {
        return example.aimed(target, at, length);
    }

    /** The target for a chosen node or AZ. */
    public TargetSpec target(String nodeOrAz) {
        return switch (aims) {
            case ONE_NODE -> new TargetSpec(nodeOrAz, null, null, null);
            case ONE_AZ -> new TargetSpec(null, nodeOrAz, null, null);
            case NO_TARGET -> null;
        };
    }

    private static GeneratedKind node(
            String name,
            FaultType type,
            QuorumImpact quorum,
            PartitionSpec partition,
            LinkSpec link,
            CorruptionSpec corrupt) {
        return new GeneratedKind(name, Aim.ONE_NODE, quorum, example(type, partition, link, corrupt));
    }

    private static GeneratedKind whole(
            String name,
            FaultType type,
            QuorumImpact quorum,
            PartitionSpec partition,
            LinkSpec link,
            CorruptionSpec corrupt) {
        return new GeneratedKind(name, Aim.NO_TARGET, quorum, example(type, partition, link, corrupt));
    }

    /** Client paths of one AZ: the storage nodes keep their quorum, that AZ's clients suffer. */
    private static GeneratedKind az(String name, LinkSpec link) {
        return new GeneratedKind(name, Aim.ONE_AZ, QuorumImpact.NONE, example(FaultType.LINK, null, link, null));
    }

    private static FaultSpec example(FaultType type, PartitionSpec partition, LinkSpec link, CorruptionSpec corrupt) {
        return new FaultSpec(type, null, UNSET, UNSET, partition, link, corrupt);
    }

    private static PartitionSpec shape(PartitionSpec.Shape shape) {
        return new PartitionSpec(shape);
    }

    private static LinkSpec clients(LinkSpec.Toxic... toxics) {
        return new LinkSpec(LinkSpec.Paths.CLIENTS, Arrays.asList(toxics));
    }
}
