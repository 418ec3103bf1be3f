package dev.gameday.nemesis;

import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Every fault type, on a {@link Cluster}. */
public final class ClusterNemesis implements Nemesis {
    private final Cluster cluster;
    private final long seed;
    private final List<Corruption> corruptions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param seed the experiment's seed: with the fault id it fixes the halves of a bridge and a ring's order */
    public ClusterNemesis(Cluster cluster, long seed) {
        this.cluster = cluster;
        this.seed = seed;
    }

    @Override
    public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
        switch (fault.type()) {
            case POWER_OFF -> {
                for (String node : nodes) {
                    cluster.powerOff(node);
                }
            }
            case PAUSE -> {
                for (String node : nodes) {
                    cluster.pause(node);
                }
            }
            case PARTITION -> {
                String wholeAz = fault.target() == null ? null : fault.target().az(); // a ring has no target
                List<Block> blocks = PartitionShapes.blocks(fault.spec().partition().shape(), nodes,
                        wholeAz, cluster.topology(), new Random(seed * 31 + fault.id()));
                cluster.partition(fault.id(), blocks);
                return List.of("blocked " + blocks);
            }
            case LINK -> {
                LinkSpec link = fault.spec().link();
                List<String> members = link.paths() == LinkSpec.Paths.CLIENTS ? routersOf(fault.target().az()) : nodes;
                cluster.degradeLinks(fault.id(), link.paths(), members, link.toxics());
                return List.of("degraded " + link.paths().yamlName() + " paths of " + members);
            }
            case CORRUPT -> {
                return corrupt(fault, nodes);
            }
        }
        return List.of();
    }

    /** Every corruption injected so far: what scrub must have detected and repaired by the end. */
    public List<Corruption> corruptions() {
        return List.copyOf(corruptions);
    }

    private List<String> corrupt(PlannedFault fault, List<String> nodes) throws NemesisException {
        CorruptionSpec spec = fault.spec().corrupt();
        List<Corruption> done = new ArrayList<>();
        if (spec.where() == CorruptionSpec.Where.ARCHIVE) {
            done.addAll(cluster.corrupt(fault.id(), null, spec));
        }
        for (String node : spec.where() == CorruptionSpec.Where.ARCHIVE ? List.<String>of() : nodes) {
            done.addAll(cluster.corrupt(fault.id(), node, spec));
        }
        corruptions.addAll(done);
        return done.stream().map(Corruption::toString).toList();
    }

    @Override
    public void heal(PlannedFault fault, List<String> nodes) throws NemesisException {
        switch (fault.type()) {
            case POWER_OFF -> {
                for (String node : nodes) {
                    cluster.powerOn(node);
                }
            }
            case PAUSE -> {
                for (String node : nodes) {
                    cluster.resume(node);
                }
            }
            case PARTITION -> cluster.healPartition(fault.id());
            case LINK -> cluster.healLinks(fault.id());
            case CORRUPT -> {
                // Corrupted bytes stay: finding and repairing them is the store's job. A node that was
                // off for an at-rest corruption comes back.
                if (fault.spec().corrupt().when() == CorruptionSpec.When.AT_REST) {
                    for (String node : nodes) {
                        cluster.powerOn(node);
                    }
                }
            }
        }
    }

    private List<String> routersOf(String az) {
        return cluster.topology().routers().stream().filter(r -> r.az().equals(az)).map(Topology.Member::name).toList();
    }
}
