package dev.gameday.nemesis;

import dev.gameday.nemesis.fault.Fault;
import dev.gameday.nemesis.fault.FaultContext;
import dev.gameday.schedule.PlannedFault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every fault type ({@link dev.gameday.experiment.FaultType}), on a {@link Cluster}: each fault acts through
 * the capability its type names, which the cluster implements or not.
 */
public final class ClusterNemesis implements Nemesis {
    private final Cluster cluster;
    private final long seed;
    private final List<Corruption> corruptions = new CopyOnWriteArrayList<>();

    /** @param seed the experiment's seed: with the fault id it fixes the halves of a bridge and a ring's order */
    public ClusterNemesis(Cluster cluster, long seed) {
        this.cluster = cluster;
        this.seed = seed;
    }

    @Override
    public List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException {
        return inject(fault.type().fault(), context(fault, nodes, step -> {}));
    }

    @Override
    public void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps) throws NemesisException {
        heal(fault.type().fault(), context(fault, nodes, repairSteps));
    }

    /** Every corruption injected so far: what scrub must have detected and repaired by the end. */
    public List<Corruption> corruptions() {
        return List.copyOf(corruptions);
    }

    private <C> List<String> inject(Fault<C> type, FaultContext context) throws NemesisException {
        return type.inject(engine(type, context), context);
    }

    private <C> void heal(Fault<C> type, FaultContext context) throws NemesisException {
        type.heal(engine(type, context), context);
    }

    private FaultContext context(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps) {
        return new FaultContext(fault, nodes, cluster.topology(), seed, corruptions::add, repairSteps);
    }

    private <C> C engine(Fault<C> type, FaultContext context) throws NemesisException {
        if (!type.capability().isInstance(cluster)) {
            throw new NemesisException(
                    "this cluster cannot run a " + context.fault().type() + " fault: it has no "
                            + type.capability().getSimpleName() + " capability");
        }
        return type.capability().cast(cluster);
    }
}
