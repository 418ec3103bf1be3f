package dev.gameday.nemesis;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * An operator's repair of a member whose files a corruption changed, for a system that repairs nothing itself: what
 * its runbook prescribes, done by the harness when a {@code corrupt} fault with {@code repair: replace-member} ends.
 * The runner stamps each step with its time in nemesis.log and results.json, and the rest of the schedule moves as
 * much later as the repair took, so the phases after the fault keep their lengths.
 */
public interface MemberReplacement {

    /** What one replacement may take at most, detection wait included; the canaries run this much longer at most. */
    Duration LONGEST = Duration.ofMinutes(2);

    /**
     * Waits until the system has detected the corruption of {@code node}'s files (the member exited, the system
     * raised its alarm), then replaces the member: out of the cluster, its data moved aside, back in empty, serving
     * again, the alarm cleared. A corruption the system does not detect within its checks' period leaves the member
     * as it is (said in a step). Each step goes to {@code steps} as it is done, in words a reader of nemesis.log
     * follows ("removed az1-etcd-1 (member 8e9e05c52164694d) from the cluster"). Idempotent: a member already
     * replaced is left alone.
     */
    void replaceCorrupted(int faultId, String node, Consumer<String> steps) throws NemesisException;
}
