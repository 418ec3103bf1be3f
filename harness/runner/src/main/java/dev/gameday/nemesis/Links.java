package dev.gameday.nemesis;

import dev.gameday.experiment.LinkSpec;
import java.util.List;

/** Toxics on the fault proxy's paths: latency, bandwidth, timeouts, resets, links down. */
public interface Links {

    /**
     * Adds the toxics to the fault-proxy paths of {@code members}: for {@link LinkSpec.Paths#CLIENTS}
     * the canary paths to those routers, for {@link LinkSpec.Paths#INTO_NODE} the paths into those
     * storage nodes. Toxics are named after {@code faultId}; {@link #healLinks} removes exactly them.
     */
    void degradeLinks(int faultId, LinkSpec.Paths paths, List<String> members, List<LinkSpec.Toxic> toxics)
            throws NemesisException;

    void healLinks(int faultId) throws NemesisException;
}
