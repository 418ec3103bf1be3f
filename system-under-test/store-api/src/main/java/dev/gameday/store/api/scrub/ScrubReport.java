package dev.gameday.store.api.scrub;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gameday.store.api.incident.Incident;
import java.util.List;

/**
 * One scrub run over one or more groups.
 *
 * @param incidents   every storage corruption the reachable nodes detected since they started, collected after
 *                    this run's repairs
 * @param unreachable nodes whose incidents could not be collected
 */
public record ScrubReport(
        String scrubId,
        long startedEpochMillis,
        long finishedEpochMillis,
        List<GroupScrubReport> groups,
        List<Incident> incidents,
        List<String> unreachable) {
    @JsonProperty("clean")
    public boolean clean() {
        return groups.stream().allMatch(GroupScrubReport::clean);
    }
}
