package dev.gameday.nemesis;

import dev.gameday.experiment.CorruptionSpec;
import dev.gameday.experiment.LinkSpec;
import dev.gameday.schedule.LeaderLookup;
import dev.gameday.schedule.Topology;
import java.util.List;

/**
 * The running store cluster, as the nemesis drives it. Member names are those of
 * {@link Topology#fromShape}, which experiment files refer to. Every call returns when the action is
 * done (the process is gone, the rules are in place, the toxics answer) and throws
 * {@link NemesisException} when it cannot be done. Healing calls are idempotent.
 *
 * <p>Power and pause act on a storage node's process: power-off is SIGKILL (no shutdown hook, no
 * flush: a power cut), power-on starts it again on the same data directory; pause is SIGSTOP and
 * resume SIGCONT.
 */
public interface Cluster extends LeaderLookup {

    /** The canaries, as a partition member: the side of the fault proxy that clients come from. */
    String CLIENTS = "clients";

    Topology topology();

    /** What the nemesis waits for before a fault that starts alone: the cluster whole again. */
    SteadyStateProbe steadyState();

    /** Every router endpoint, through the fault proxy. */
    List<Endpoint> endpoints();

    void powerOff(String node) throws NemesisException;

    void powerOn(String node) throws NemesisException;

    void pause(String node) throws NemesisException;

    void resume(String node) throws NemesisException;

    /**
     * Installs the blocks (packet filters inside the members' network namespaces), tagged with
     * {@code faultId} so that {@link #healPartition} removes exactly these rules and no others.
     */
    void partition(int faultId, List<Block> blocks) throws NemesisException;

    void healPartition(int faultId) throws NemesisException;

    /**
     * Adds the toxics to the fault-proxy paths of {@code members}: for {@link LinkSpec.Paths#CLIENTS}
     * the canary paths to those routers, for {@link LinkSpec.Paths#INTO_NODE} the paths into those
     * storage nodes. Toxics are named after {@code faultId}; {@link #healLinks} removes exactly them.
     */
    void degradeLinks(int faultId, LinkSpec.Paths paths, List<String> members, List<LinkSpec.Toxic> toxics)
            throws NemesisException;

    void healLinks(int faultId) throws NemesisException;

    /**
     * Changes bytes on disk as {@code spec} says, in {@code node}'s files (null for the archive), and
     * returns exactly what it changed. For an at-rest corruption it first makes sure the data it
     * corrupts is on disk, then powers the node off; the caller powers it on when the fault ends.
     */
    List<Corruption> corrupt(int faultId, String node, CorruptionSpec spec) throws NemesisException;
}
