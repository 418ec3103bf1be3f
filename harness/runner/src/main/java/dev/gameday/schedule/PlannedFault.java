package dev.gameday.schedule;

import dev.gameday.experiment.DurationText;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.experiment.TargetSpec;
import java.time.Duration;
import java.util.List;

/**
 * One fault on the run's timeline.
 *
 * @param id     1-based, in start order; nemesis.log and results.json refer to faults by it
 * @param phase  the phase it belongs to
 * @param source where it is declared, e.g. {@code schedule[1].faults[0]}
 * @param spec   the fault as the file declares it (its {@code at} and {@code duration} are relative
 *               to the phase; {@code start} and {@code end} place it on the run)
 * @param start  offset from the start of the run
 * @param end    offset at which it heals (power-on, resume, rules removed)
 * @param nodes  the storage nodes it hits, chosen at planning time; empty for a partition-leader
 *               target, which is only known when the fault starts (see {@link #nodesAtStart}), and
 *               for a fault without a target (archive corruption)
 */
public record PlannedFault(
        int id, String phase, String source, FaultSpec spec, Duration start, Duration end, List<String> nodes) {

    public PlannedFault {
        nodes = List.copyOf(nodes);
    }

    public FaultType type() {
        return spec.type();
    }

    /** The target, or null for a fault that hits no node (archive corruption). */
    public TargetSpec target() {
        return spec.target();
    }

    public boolean resolvedAtStart() {
        return target() != null && target().kind() == TargetSpec.Kind.PARTITION_LEADER;
    }

    /** The nodes to fault, asking {@code leaders} for a partition-leader target. */
    public List<String> nodesAtStart(LeaderLookup leaders) {
        if (!resolvedAtStart()) {
            return nodes;
        }
        TargetSpec.PartitionLeader p = target().partitionLeader();
        return List.of(leaders.leaderOf(p.table(), p.partition()));
    }

    public boolean overlaps(PlannedFault other) {
        return start.compareTo(other.end) < 0 && other.start.compareTo(end) < 0;
    }

    /** "power-off of az az1", "corrupt flip-bits in archive (live) of archive", "partition ring of all nodes". */
    public String describe() {
        return spec.what() + " of " + targetText();
    }

    /** The target as written; the faults without one act on the archive (corruption) or on every node (a ring). */
    public String targetText() {
        return target() != null ? target().toString() : type().fault().withoutTarget();
    }

    @Override
    public String toString() {
        return "#" + id + " " + describe() + " " + (resolvedAtStart() ? "" : nodes + " ") + "from +"
                + DurationText.format(start) + " to +" + DurationText.format(end) + " (" + phase + ")";
    }
}
