package dev.gameday.nemesis;

import dev.gameday.experiment.FaultType;
import java.util.List;

/**
 * Injects and heals one kind of fault family on nodes. The runner calls {@code inject} when a fault
 * starts and {@code heal} when it ends (or when the run is aborted). Later fault types (partitions,
 * link faults through the fault proxy, corruption) plug in as further implementations.
 */
public interface Nemesis {

    void inject(FaultType type, List<String> nodes) throws NemesisException;

    void heal(FaultType type, List<String> nodes) throws NemesisException;
}
