package dev.gameday.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.experiment.CorruptionSpec.Where;
import dev.gameday.nemesis.Corruption;
import dev.gameday.report.ScrubSummary;
import dev.gameday.report.ScrubSummary.CorruptionVerdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

    /** @param first the first scrub after healing; {@code last} the one after its repairs (the same when clean) */
    static ScrubSummary judge(JsonNode first, JsonNode last, List<Corruption> injected) {
        long mismatches = 0;
        for (JsonNode group : first.path("groups")) {
            mismatches += group.path("badReplicas").size();
        }
        mismatches += count(first.path("incidents"), "archive");
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
                verdicts);
    }

    private static Optional<JsonNode> incident(JsonNode report, Corruption c) {
        String kind = switch (c.where()) {
            case ITEM_FILES -> "item-store";
            case LOG_TAIL -> "raft-log";
            case ARCHIVE -> "archive";
        };
        for (JsonNode incident : report.path("incidents")) {
            boolean sameReplica =
                    c.node() == null || c.node().equals(incident.path("replica").asText(null));
            if (kind.equals(incident.path("kind").asText())
                    && c.group().equals(incident.path("group").asText())
                    && sameReplica) {
                return Optional.of(incident);
            }
        }
        return Optional.empty();
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
