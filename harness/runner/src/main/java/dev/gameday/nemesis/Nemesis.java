package dev.gameday.nemesis;

import dev.gameday.schedule.PlannedFault;
import java.util.List;
import java.util.function.Consumer;

/**
 * Injects and heals faults. The runner calls {@code inject} when a fault starts and {@code heal} when
 * it ends (or when the run is aborted); healing must be idempotent, since a fault that failed half-way
 * is healed too.
 */
public interface Nemesis {

    /**
     * @param nodes the storage nodes the fault hits, resolved at its start
     * @return what was changed beyond the fault's description (e.g. each corrupted file and offset),
     *         one line each, for nemesis.log, the history and results.json; empty when nothing more
     */
    List<String> inject(PlannedFault fault, List<String> nodes) throws NemesisException;

    /**
     * @param repairSteps where the heal reports each step of an operator's repair it does beyond ending the fault
     *                    ({@link MemberReplacement}), as it is done
     */
    void heal(PlannedFault fault, List<String> nodes, Consumer<String> repairSteps) throws NemesisException;
}
