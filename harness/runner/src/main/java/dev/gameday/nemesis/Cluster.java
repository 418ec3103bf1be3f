package dev.gameday.nemesis;

import dev.gameday.schedule.LeaderLookup;
import dev.gameday.schedule.Topology;
import java.util.List;

/**
 * The running store cluster, as the run sees it whatever faults it can take: its members (named as in
 * {@link Topology#fromShape}, which experiment files refer to), its router endpoints and its steady state.
 * What the nemesis can do to it are separate capabilities that an engine implements as it can: {@link Power},
 * {@link Pause}, {@link Network}, {@link Links}, {@link Disk}. Every capability call returns when the action
 * is done (the process is gone, the rules are in place, the toxics answer) and throws {@link NemesisException}
 * when it cannot be done; healing calls are idempotent.
 */
public interface Cluster extends LeaderLookup {

    /** The canaries, as a partition member: the side of the fault proxy that clients come from. */
    String CLIENTS = "clients";

    Topology topology();

    /** What the nemesis waits for before a fault that starts alone: the cluster whole again. */
    SteadyStateProbe steadyState();

    /** Every router endpoint, through the fault proxy. */
    List<Endpoint> endpoints();
}
