package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.experiment.PartitionSpec;
import dev.gameday.experiment.TargetSpec;
import dev.gameday.nemesis.Block;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.nemesis.Network;
import dev.gameday.nemesis.PartitionShapes;
import dev.gameday.schedule.Topology;
import java.util.List;
import java.util.Random;

/**
 * {@code partition}: packet filters between members, shaped by {@link PartitionSpec} (isolate, halves,
 * bridge, ring, one-way); removed when the fault ends.
 */
public final class PartitionFault implements Fault<Network> {

    @Override
    public Class<Network> capability() {
        return Network.class;
    }

    @Override
    public String detailField() {
        return "partition";
    }

    @Override
    public Object detail(FaultSpec spec) {
        return spec.partition();
    }

    @Override
    public String noTargetBecause(FaultSpec spec) {
        return spec.partition() != null && spec.partition().shape() == PartitionSpec.Shape.RING
                ? "a ring partition involves every node: remove the target"
                : null;
    }

    @Override
    public void validate(String at, FaultSpec fault, ClusterShape cluster, ProblemCollector problems) {
        if (fault.partition() == null) {
            return;
        }
        if (fault.partition().shape() == null) {
            problems.add(at + "/partition/shape", "missing: one of isolate, halves, bridge, ring, one-way");
            return;
        }
        if (cluster.nodeLinksThroughFaultProxy()) {
            problems.add(
                    at + "/partition",
                    "partitions filter packets by member address, but with cluster.nodeLinks: "
                            + ClusterShape.THROUGH_FAULT_PROXY
                            + " node traffic arrives from the fault proxy; use a link fault"
                            + " with {type: down} or nodeLinks: direct");
        }
        int nodes = cluster.storageNodesPerAz() * cluster.azs().size();
        TargetSpec t = fault.target();
        switch (fault.partition().shape()) {
            case RING -> {
                if (nodes < 4) {
                    problems.add(
                            at + "/partition/shape",
                            "a ring needs at least 4 storage nodes (with " + nodes
                                    + " every node is its neighbours' neighbour)");
                } else if (!PartitionShapes.ringKeepsEveryGroup(Topology.fromShape(cluster))) {
                    problems.add(
                            at + "/partition/shape",
                            "no ring of these " + nodes + " storage nodes gives every replication group two replicas"
                                    + " side by side, so the ring would be a quorum loss; use halves or isolate");
                }
            }
            case BRIDGE -> {
                if (t != null && t.selectorCount() == 1 && targetSize(t, cluster) != 1) {
                    problems.add(at + "/target", "a bridge partition needs exactly one bridge node as its target");
                }
            }
            case HALVES -> {
                if (t != null && t.selectorCount() == 1 && targetSize(t, cluster) * 2 >= nodes) {
                    problems.add(
                            at + "/target",
                            "the target of a halves partition is the minority: fewer than half of the " + nodes
                                    + " storage nodes");
                }
            }
            default -> {}
        }
    }

    /** How many nodes a target selects; 1 for a partition leader, which is only known at run time. */
    private static int targetSize(TargetSpec t, ClusterShape cluster) {
        return switch (t.kind()) {
            case NODE, PARTITION_LEADER -> 1;
            case AZ -> cluster.storageNodesPerAz();
            case RANDOM ->
                t.random().count() != null
                        ? t.random().count()
                        : (int) Math.ceil(cluster.storageNodesPerAz()
                                * (t.random().az() == null ? cluster.azs().size() : 1)
                                * (t.random().percent() == null ? 0 : t.random().percent())
                                / 100.0);
        };
    }

    @Override
    public String what(FaultSpec spec) {
        return spec.type()
                + (spec.partition() == null
                        ? ""
                        : " " + spec.partition().shape().yamlName()
                                + (spec.partition().blocked() == PartitionSpec.Blocked.REFUSED ? " refused" : ""));
    }

    @Override
    public List<String> inject(Network network, FaultContext context) throws NemesisException {
        int id = context.fault().id();
        String wholeAz = context.fault().target() == null
                ? null
                : context.fault().target().az(); // a ring has no target
        List<Block> blocks = PartitionShapes.blocks(
                context.fault().spec().partition().shape(),
                context.nodes(),
                wholeAz,
                context.topology(),
                new Random(context.seed() * 31 + id));
        network.partition(id, blocks, context.fault().spec().partition().blocked());
        return List.of("blocked " + blocks);
    }

    @Override
    public void heal(Network network, FaultContext context) throws NemesisException {
        network.healPartition(context.fault().id());
    }
}
