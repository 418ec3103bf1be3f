package dev.gameday.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the store's scrub reported after healing, judged against what the nemesis injected: the input of the
 * scrub check. (Not to be confused with the store's own JSON scrub report, which this is made from.)
 *
 * @param groupsChecked       replication groups in the final scrub
 * @param mismatches          replicas or archived segments the first scrub after healing found bad
 * @param corruptionsInjected corruptions the nemesis made (each a file, offset and length)
 * @param corruptionsDetected of those, how many the store reported as a storage incident or a bad replica
 *                            of the same group and node (the archive: group)
 * @param repaired            of those, how many the store repaired, with the group scrubbing clean afterwards
 *                            (a detect-only system: how many its operator's replacement repaired)
 * @param clean               the last scrub found every group clean: replicas equal to each other and to
 *                            the archive's reference, storage checksums verified
 * @param problems            what the last scrub still reports, and each injected corruption not detected
 *                            or not repaired, one line each
 * @param corruptions         each injected corruption with whether it was detected and repaired, in injection
 *                            order (left out of results.json when nothing was injected)
 * @param detectOnly          the system does not repair its replicas' files itself (etcd: a corrupted member is
 *                            replaced by its operator), so the scrub check asks for detection only, and
 *                            {@code clean} means nothing is wrong beyond the corruptions detected (left out of
 *                            results.json when false)
 * @param unexplained         storage incidents the system reported that no fault the harness ran explains (a
 *                            replica found diverged with nothing injected that could make it so), one line per
 *                            kind, group and replica, even when the system repaired them itself (left out of
 *                            results.json when empty; a system that does not report incidents leaves it empty)
 */
public record ScrubSummary(
        long groupsChecked,
        long mismatches,
        long corruptionsInjected,
        long corruptionsDetected,
        long repaired,
        boolean clean,
        List<String> problems,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CorruptionVerdict> corruptions,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean detectOnly,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unexplained) {

    public ScrubSummary {
        problems = List.copyOf(problems);
        corruptions = List.copyOf(corruptions);
        unexplained = unexplained == null ? List.of() : List.copyOf(unexplained);
    }

    /** A summary of a system that repairs what its scrub finds (the Gameday store). */
    public ScrubSummary(
            long groupsChecked,
            long mismatches,
            long corruptionsInjected,
            long corruptionsDetected,
            long repaired,
            boolean clean,
            List<String> problems,
            List<CorruptionVerdict> corruptions) {
        this(
                groupsChecked,
                mismatches,
                corruptionsInjected,
                corruptionsDetected,
                repaired,
                clean,
                problems,
                corruptions,
                false,
                List.of());
    }

    /** A summary without per-corruption verdicts: nothing was injected, or only the totals are known. */
    public ScrubSummary(
            long groupsChecked,
            long mismatches,
            long corruptionsInjected,
            long corruptionsDetected,
            long repaired,
            boolean clean,
            List<String> problems) {
        this(groupsChecked, mismatches, corruptionsInjected, corruptionsDetected, repaired, clean, problems, List.of());
    }

    /**
     * One injected corruption judged: {@code change} says what was changed where (as nemesis.log does), {@code node}
     * is null for the archive. {@code operatorRepair} says how an operator's repair done by the harness went (etcd's
     * member replacement: how the system detected the corruption, and when, then each step), null when there was
     * none: a corruption repaired that way is counted repaired, never as the system's own repair.
     */
    public record CorruptionVerdict(
            int faultId,
            String change,
            String group,
            String node,
            boolean detected,
            boolean repaired,
            @JsonInclude(JsonInclude.Include.NON_NULL) String operatorRepair) {

        public CorruptionVerdict(
                int faultId, String change, String group, String node, boolean detected, boolean repaired) {
            this(faultId, change, group, node, detected, repaired, null);
        }
    }
}
