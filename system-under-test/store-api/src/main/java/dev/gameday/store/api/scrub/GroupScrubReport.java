package dev.gameday.store.api.scrub;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The verdict on one group at one scrub marker.
 *
 * @param reference   checksum of the replica rebuilt from the archive up to the marker's sequence (null if
 *                    the archive could not be read, see {@code referenceError})
 * @param replicas    each replica's result at the marker (a replica that did not answer is missing and named
 *                    in {@code problems})
 * @param problems    every mismatch, storage error or unreachable replica, naming group, replica and index
 * @param badReplicas replicas whose data differs from the reference or whose storage is corrupt
 * @param repaired    replicas that were rebuilt from their healthy peers
 * @param archiveReuploaded archived segments that failed validation and were uploaded again from the leader's
 *                    archive_log before the reference was rebuilt (the group is clean if that re-check passed)
 */
public record GroupScrubReport(
        String group,
        String scrubId,
        long markerIndex,
        long sequence,
        ItemsChecksum reference,
        String referenceError,
        List<ReplicaScrubResult> replicas,
        List<String> problems,
        List<String> badReplicas,
        List<String> repaired,
        List<String> archiveReuploaded) {
    @JsonProperty("clean")
    public boolean clean() {
        return problems.isEmpty();
    }
}
