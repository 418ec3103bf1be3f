package dev.gameday.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.experiment.CorruptionSpec.When;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.experiment.DiskSpec;
import dev.gameday.experiment.FaultSpec;
import dev.gameday.experiment.FaultType;
import dev.gameday.nemesis.Corruption;
import dev.gameday.nemesis.ExecutedFault;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.ScrubSummary.CorruptionVerdict;
import dev.gameday.store.api.incident.Incident;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the store's scrub reports ({@code POST /scrub}: {@code groups[]} with {@code clean},
 * {@code problems}, {@code badReplicas}, {@code repaired}; {@code incidents[]} with {@code kind},
 * {@code group}, {@code replica}, {@code repaired}) and judges them against the corruptions the
 * harness injected. A corruption counts as detected when the store names it: an incident of its kind
 * (item-store, raft-log, archive) in its group on its replica, or, for item files, its replica among
 * the group's bad replicas. It counts as repaired when that incident says repaired (or scrub repaired
 * the replica) and the group scrubbed clean afterwards.
 *
 * <p>Every incident the store reports must also have a cause the harness made ({@link #unexplained}): a divergence
 * the store found and repaired by itself is still a bug when nothing was injected that could have caused it.
 */
final class ScrubVerdicts {
    private ScrubVerdicts() {}

    static boolean clean(JsonNode report) {
        for (JsonNode group : report.path("groups")) {
            if (!group.path("clean").asBoolean(false)) {
                return false;
            }
        }
        return report.path("groups").size() > 0;
    }

    /**
     * @param first    the first scrub after healing; {@code last} the one after its repairs (the same when clean)
     * @param executed every fault the nemesis ran, to explain the incidents no corruption explains
     */
    static ScrubSummary judge(JsonNode first, JsonNode last, List<Corruption> injected, List<ExecutedFault> executed) {
        long mismatches = 0;
        for (JsonNode group : first.path("groups")) {
            mismatches += group.path("badReplicas").size();
        }
        mismatches += count(first.path("incidents"), Incident.ARCHIVE);
        Set<String> cleanAtLast = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode group : last.path("groups")) {
            if (group.path("clean").asBoolean(false)) {
                cleanAtLast.add(group.path("group").asText());
            } else {
                group.path("problems").forEach(p -> problems.add(p.asText()));
            }
        }
        long detected = 0;
        long repaired = 0;
        List<CorruptionVerdict> verdicts = new ArrayList<>();
        for (Corruption c : injected) {
            Optional<JsonNode> incident = incident(first, c).or(() -> incident(last, c));
            boolean badReplica = c.where() == Where.ITEM_FILES && named(first, c.group(), "badReplicas", c.node());
            if (incident.isEmpty() && !badReplica) {
                problems.add("not detected: " + c);
                verdicts.add(new CorruptionVerdict(c.faultId(), c.toString(), c.group(), c.node(), false, false));
                continue;
            }
            detected++;
            boolean fixed =
                    incident.map(i -> i.path("repaired").asBoolean(false)).orElse(false)
                            || (badReplica && named(first, c.group(), "repaired", c.node()));
            boolean repairHeld = fixed && cleanAtLast.contains(c.group());
            if (repairHeld) {
                repaired++;
            } else {
                problems.add("detected but not repaired: " + c);
            }
            verdicts.add(new CorruptionVerdict(c.faultId(), c.toString(), c.group(), c.node(), true, repairHeld));
        }
        return new ScrubSummary(
                last.path("groups").size(),
                mismatches,
                injected.size(),
                detected,
                repaired,
                clean(last),
                problems,
                verdicts,
                false,
                unexplained(first, last, injected, executed));
    }

    /**
     * The store's incidents (in either scrub report; each node keeps its own across restarts) that no fault the harness
     * ran explains, one line per kind, group and replica. What explains an incident:
     * <ul>
     *   <li>an injected corruption of its kind, group and replica;</li>
     *   <li>for a Raft-log incident, its node having lost power or been killed (a power-off, or an at-rest
     *       corruption's stop): the tail the node had not synced is torn, and the store cuts it and refills it from
     *       the leader;</li>
     *   <li>a disk fault that failed its node's reads, writes or syncs (not a slow one) of the files it concerns.</li>
     * </ul>
     * A power loss does not explain an item-store incident: RocksDB recovers a consistent prefix of what it wrote and
     * the store applies the rest again from its Raft log, so replicas that differ afterwards are a store bug, even
     * once the store has found and repaired them itself.
     */
    private static List<String> unexplained(
            JsonNode first, JsonNode last, List<Corruption> injected, List<ExecutedFault> executed) {
        Map<String, String> byReplica = new LinkedHashMap<>();
        for (JsonNode report : List.of(first, last)) {
            for (JsonNode incident : report.path("incidents")) {
                String kind = incident.path("kind").asText();
                String group = incident.path("group").asText();
                String node = incident.path("replica").asText(null);
                if (!explained(kind, group, node, injected, executed)) {
                    String where = kind + " incident in " + group + (node == null ? "" : " on " + node);
                    byReplica.putIfAbsent(
                            where, where + ": " + incident.path("detail").asText());
                }
            }
        }
        return List.copyOf(byReplica.values());
    }

    private static boolean explained(
            String kind, String group, String node, List<Corruption> injected, List<ExecutedFault> executed) {
        for (Corruption c : injected) {
            if (concerns(c, kind, group, node)) {
                return true;
            }
        }
        if (node == null) {
            return false;
        }
        for (ExecutedFault fault : executed) {
            if (fault.startedAt() == null || !fault.nodes().contains(node)) {
                continue;
            }
            FaultSpec spec = fault.planned().spec();
            boolean stopped = spec.type() == FaultType.POWER_OFF
                    || (spec.type() == FaultType.CORRUPT && spec.corrupt().when() == When.AT_REST);
            if (stopped && kind.equals(Incident.RAFT_LOG)) {
                return true;
            }
            if (spec.type() == FaultType.DISK && failedFilesOf(spec.disk(), kind)) {
                return true;
            }
        }
        return false;
    }

    private static boolean failedFilesOf(DiskSpec disk, String kind) {
        if (disk.kind() == DiskSpec.Kind.SLOW) {
            return false;
        }
        return switch (disk.files()) {
            case ALL -> true;
            case RAFT_LOG -> kind.equals(Incident.RAFT_LOG);
            case ITEM_FILES -> kind.equals(Incident.ITEM_STORE);
        };
    }

    private static String incidentKind(Where where) {
        return switch (where) {
            case ITEM_FILES -> Incident.ITEM_STORE;
            case LOG_TAIL -> Incident.RAFT_LOG;
            case ARCHIVE -> Incident.ARCHIVE;
        };
    }

    private static Optional<JsonNode> incident(JsonNode report, Corruption c) {
        for (JsonNode incident : report.path("incidents")) {
            if (concerns(
                    c,
                    incident.path("kind").asText(),
                    incident.path("group").asText(),
                    incident.path("replica").asText(null))) {
                return Optional.of(incident);
            }
        }
        return Optional.empty();
    }

    /** Whether an incident of {@code kind} in {@code group} on {@code node} is the store's finding of {@code c}. */
    private static boolean concerns(Corruption c, String kind, String group, String node) {
        return incidentKind(c.where()).equals(kind)
                && c.group().equals(group)
                && (c.node() == null || c.node().equals(node));
    }

    private static boolean named(JsonNode report, String group, String field, String node) {
        for (JsonNode g : report.path("groups")) {
            if (g.path("group").asText().equals(group)) {
                for (JsonNode n : g.path(field)) {
                    if (n.asText().equals(node)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long count(JsonNode incidents, String kind) {
        long n = 0;
        for (JsonNode i : incidents) {
            if (kind.equals(i.path("kind").asText())) {
                n++;
            }
        }
        return n;
    }
}
