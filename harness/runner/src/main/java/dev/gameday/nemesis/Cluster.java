package dev.gameday.nemesis;

import dev.gameday.schedule.LeaderLookup;
import dev.gameday.schedule.Topology;
import java.util.List;

/**
 * The running store cluster, as the runner drives it. The container implementation (next step)
 * boots the nodes with Testcontainers; member names must be those of
 * {@link Topology#fromShape}, which experiment files refer to.
 *
 * <p>Power and pause act on a storage node's process: power-off is SIGKILL (no shutdown hook, no
 * flush: a power cut), power-on starts it again on the same data directory; pause is SIGSTOP and
 * resume SIGCONT. Each call returns when the action is done (the process is gone, stopped or
 * started), and throws {@link NemesisException} when it cannot be done.
 */
public interface Cluster extends LeaderLookup {

    Topology topology();

    /** Every router endpoint, through the fault proxy. */
    List<Endpoint> endpoints();

    void powerOff(String node) throws NemesisException;

    void powerOn(String node) throws NemesisException;

    void pause(String node) throws NemesisException;

    void resume(String node) throws NemesisException;
}
