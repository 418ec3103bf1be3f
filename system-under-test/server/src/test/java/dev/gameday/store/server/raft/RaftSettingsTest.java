package dev.gameday.store.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.RaftTimings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.retry.MultipleLinearRandomRetry;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RaftSettingsTest {

    /** The policy Ratis' log appender builds from the server's properties, asked as the appender asks it. */
    private static long waitMillisAfterFailures(RaftProperties properties, int failures) {
        RetryPolicy policy = MultipleLinearRandomRetry.parseCommaSeparated(
                RaftServerConfigKeys.Log.Appender.retryPolicy(properties));
        return policy.handleAttemptFailure(() -> failures).getSleepTime().toLong(TimeUnit.MILLISECONDS);
    }

    @Test
    void aLeaderKeepsWaitingBetweenCallsToAFollowerThatStaysDown() {
        RaftProperties store = RaftSettings.server(RaftTimings.defaults(), Path.of("unused"), 0, BugSwitches.none());

        // A powered-off follower fails 50-100 calls a second per group: a million is about three hours of outage.
        for (int failures : new int[] {31, 1_031, 1_000_000}) {
            long wait = waitMillisAfterFailures(store, failures);
            assertTrue(wait >= 2_500 && wait <= 7_500, failures + " failures: waits " + wait + " ms");
        }
        // What it guards against: Ratis' own default stops waiting after 1,030 failures.
        assertEquals(0, waitMillisAfterFailures(new RaftProperties(), 1_031));
    }
}
