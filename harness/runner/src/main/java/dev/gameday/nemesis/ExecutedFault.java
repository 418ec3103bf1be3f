package dev.gameday.nemesis;

import dev.gameday.schedule.PlannedFault;
import java.time.Duration;
import java.util.List;

/**
 * What the nemesis actually did for a planned fault.
 *
 * @param nodes     the nodes it hit (for a partition-leader target, the leader at start time)
 * @param changes   what the nemesis changed beyond that (blocked links, corrupted files and offsets)
 * @param startedAt offset from run start when injection began; null if it never started
 * @param healedAt  offset when healing finished; null if it was never healed (together the widest
 *                  window in which the fault may have been in effect)
 * @param error     why injection or healing failed, or null
 * @param steadyStateWait    how long the nemesis waited for the steady state before injecting; null if it
 *                           did not wait (another fault was active, or the run ended first)
 * @param steadyStateMissing what was still missing when that wait's deadline passed (the fault was then not
 *                           injected); null when the steady state came back
 */
public record ExecutedFault(
        PlannedFault planned,
        List<String> nodes,
        List<String> changes,
        Duration startedAt,
        Duration healedAt,
        String error,
        Duration steadyStateWait,
        String steadyStateMissing) {

    public ExecutedFault {
        nodes = List.copyOf(nodes);
        changes = List.copyOf(changes);
    }

    public ExecutedFault(
            PlannedFault planned,
            List<String> nodes,
            List<String> changes,
            Duration startedAt,
            Duration healedAt,
            String error) {
        this(planned, nodes, changes, startedAt, healedAt, error, null, null);
    }

    /** Whether the nemesis gave up on this fault because the cluster did not come back to its steady state. */
    public boolean steadyStateNotRestored() {
        return steadyStateMissing != null;
    }

    /** Whether the fault ran and healed as planned; anything else makes the run's verdict unknown. */
    public boolean completed() {
        return startedAt != null && healedAt != null && error == null;
    }
}
