package dev.gameday.nemesis;

import dev.gameday.experiment.ClockSpec;

/**
 * A storage node's own clocks moved while the host's clock stays: only nodes booted for it can (the engine
 * decides at boot, from the experiment, which nodes' clocks it can move and which clocks).
 */
public interface Clocks {

    /**
     * Moves {@code node}'s clocks as {@code spec} says, from now until {@link #restoreClock}, and returns
     * exactly what the node was told (e.g. the control line its clock library reads) and, where the engine can
     * tell, what the node's clock then read, for the logs.
     */
    String moveClock(int faultId, String node, ClockSpec spec) throws NemesisException;

    /** Puts {@code node}'s clocks back on real time; idempotent. */
    void restoreClock(int faultId, String node) throws NemesisException;
}
