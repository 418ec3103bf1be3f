package dev.gameday.nemesis.fault;

import dev.gameday.nemesis.Corruption;
import dev.gameday.schedule.PlannedFault;
import dev.gameday.schedule.Topology;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a fault is injected or healed with besides its engine capability.
 *
 * @param fault     the planned fault
 * @param nodes     the storage nodes it hits, resolved at its start
 * @param topology  the cluster's members
 * @param seed      the experiment's seed: with the fault id it fixes random choices made at injection
 * @param corrupted where a fault reports each corruption it made: scrub must have found and repaired
 *                  them by the end of the run
 * @param repairSteps where a heal reports each step of an operator's repair it does beyond ending the fault
 *                  (a corrupted member replaced), as it is done: the runner stamps it with the time
 */
public record FaultContext(
        PlannedFault fault,
        List<String> nodes,
        Topology topology,
        long seed,
        Consumer<Corruption> corrupted,
        Consumer<String> repairSteps) {

    public FaultContext {
        nodes = List.copyOf(nodes);
    }
}
