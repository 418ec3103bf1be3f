package dev.gameday.system;

import dev.gameday.nemesis.Cluster;
import dev.gameday.run.StoreAccess;
import java.nio.file.Path;
import java.util.Map;

/**
 * A booted system, for one run: what the nemesis acts on, what the canaries and final checks talk to, and what
 * the people watching see. {@link #close()} removes every container it started.
 */
public interface RunningSystem extends AutoCloseable {

    /** Its members, endpoints and steady state, and the fault capabilities it has (power, pause, network, ...). */
    Cluster cluster();

    /** Canary clients per endpoint, final reads and, where the system has one, the scrub of its replicas. */
    StoreAccess access();

    /** Who leads each replication group now, member name by group; a group without a leader is left out. */
    Map<String, String> leaders();

    /** The host folder under which every member keeps its data; a passing run removes it unless asked to keep it. */
    Path dataRoot();

    @Override
    void close();
}
