package dev.gameday.nemesis.fault;

import dev.gameday.experiment.ClusterShape;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.LoadedExperiment.ProblemCollector;
import dev.gameday.nemesis.NemesisException;
import dev.gameday.schedule.Topology;
import java.util.List;

/**
 * One fault type, end to end: what its declaration may say (checked when the file loads), which storage
 * nodes the planner picks for it, how it is injected and healed through one engine capability, and how
 * nemesis.log and results.json describe it. {@link FaultType} lists every type by its YAML name.
 *
 * <p>The checks every fault shares (type, timing, phase bounds, the target's selectors and references) and
 * the choice of nodes from a target stay with the validator and the planner; a type only adds what is its own.
 *
 * @param <C> the engine capability it acts through, e.g. {@link dev.gameday.nemesis.Power}
 */
public interface Fault<C> {

    /** What the engine must implement to inject this fault; an engine without it cannot run it. */
    Class<C> capability();

    /**
     * The name of the detail block only this type takes ({@code partition: {...}}), or null if it takes
     * none. The validator refuses the block on any other type and requires it on this one.
     */
    default String detailField() {
        return null;
    }

    /** This type's detail block of {@code spec}, or null when it is absent (or the type has none). */
    default Object detail(FaultSpec spec) {
        return null;
    }

    /**
     * Why a fault declared like {@code spec} takes no target (it hits no node, or every node), for the
     * user who wrote one; null when it needs a target. Judged on the detail block alone, so the answer
     * does not depend on the declared type being right.
     */
    default String noTargetBecause(FaultSpec spec) {
        return null;
    }

    /**
     * This type's own checks of {@code spec} against the cluster's shape, reported at JSON pointers under
     * {@code at} (the fault's pointer); the collector turns them into file:line messages. Only called
     * when the shape is complete.
     */
    default void validate(String at, FaultSpec spec, ClusterShape cluster, ProblemCollector problems) {}

    /**
     * This type's checks of {@code spec} against the system's members, made when the plan is drawn (before
     * anything boots): what the system's topology cannot honour, e.g. a client path of a node in a system whose
     * canaries talk to routers. Reported at JSON pointers under {@code at}, as {@link #validate}.
     */
    default void validate(String at, FaultSpec spec, Topology topology, ProblemCollector problems) {}

    /**
     * Whether the planner chooses storage nodes from the target. False when the target names something
     * else, such as the AZ whose client paths a link fault degrades.
     */
    default boolean targetsStorageNodes(FaultSpec spec) {
        return true;
    }

    /** What the fault does, for logs: "partition isolate", "corrupt flip-bits in item-files (live)". */
    default String what(FaultSpec spec) {
        return spec.type().toString();
    }

    /** What a fault without target acts on, for logs. */
    default String withoutTarget() {
        return "all nodes";
    }

    /**
     * @return what was changed beyond the fault's description (e.g. each corrupted file and offset), one line
     *         each, for nemesis.log, the history and results.json; empty when nothing more
     */
    List<String> inject(C engine, FaultContext context) throws NemesisException;

    /** Ends the fault; idempotent, since a fault that failed half-way is healed too. */
    void heal(C engine, FaultContext context) throws NemesisException;
}
