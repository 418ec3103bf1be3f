package dev.gameday.store.server.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;

class ReplicaRestartsTest {
    private static final RaftGroupId DATA_0 = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("data-0".getBytes()));
    private static final long RETRY_MILLIS = 40;
    private static final long CATCH_UP_MILLIS = 100;

    /** Records each step; the first {@code failingSyncs} preparations fail as on a disk that is still full. */
    private static final class RecordingSteps implements ReplicaRestarts.Steps {
        final List<String> done = new CopyOnWriteArrayList<>();
        final AtomicInteger failingSyncs;

        RecordingSteps(int failingSyncs) {
            this.failingSyncs = new AtomicInteger(failingSyncs);
        }

        /** The division is there (in term 5) until the first removal. */
        private boolean removed;

        /** What the reopened replica has applied; 100 were committed when it was removed. */
        final AtomicLong applied = new AtomicLong(100);

        @Override
        public Optional<ReplicaRestarts.Removed> remove(RaftGroupId group) {
            done.add("remove");
            if (removed) {
                return Optional.empty();
            }
            removed = true;
            return Optional.of(new ReplicaRestarts.Removed(5, 100));
        }

        @Override
        public long appliedIndex(RaftGroupId group) {
            return applied.get();
        }

        @Override
        public void moveLeaderAway(RaftGroupId group) {
            done.add("move leader");
            applied.set(100); // a new leader sends what the replica misses
        }

        @Override
        public void prepare(RaftGroupId group, long term) throws IOException {
            if (failingSyncs.getAndDecrement() > 0) {
                done.add("prepare failed");
                throw new IOException("No space left on device");
            }
            done.add("prepare in term " + term);
        }

        @Override
        public void add(RaftGroupId group) {
            done.add("add");
            removed = false;
        }
    }

    @Test
    void aFailedLogIsRemovedSyncedAndReopenedOnce() throws Exception {
        RecordingSteps steps = new RecordingSteps(0);
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            // Ratis reports each failed entry: the reports of one failure make one restart.
            restarts.failed(DATA_0, new IOException("Log already failed"));
            awaitTrue(() -> !restarts.isPending(DATA_0));
            Thread.sleep(5 * RETRY_MILLIS);
            assertEquals(List.of("remove", "prepare in term 5", "add"), steps.done);
        }
    }

    @Test
    void whileTheDiskStillFailsTheRestartIsTriedAgainUntilItWorks() throws Exception {
        RecordingSteps steps = new RecordingSteps(3);
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> steps.done.contains("add"));
            assertFalse(restarts.isPending(DATA_0));
            // The term seen at the first removal is kept for the attempts after it.
            assertEquals(
                    List.of(
                            "remove",
                            "prepare failed",
                            "remove",
                            "prepare failed",
                            "remove",
                            "prepare failed",
                            "remove",
                            "prepare in term 5",
                            "add"),
                    steps.done);
        }
    }

    @Test
    void aReopenedReplicaThatFailsAgainIsRestartedAgain() throws Exception {
        RecordingSteps steps = new RecordingSteps(0);
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> steps.done.contains("add"));
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> steps.done.size() == 6);
            assertEquals(
                    List.of("remove", "prepare in term 5", "add", "remove", "prepare in term 5", "add"), steps.done);
        }
    }

    @Test
    void aReopenedReplicaThatDoesNotCatchUpMovesItsGroupsLeaderAwayOnce() throws Exception {
        RecordingSteps steps = new RecordingSteps(0);
        steps.applied.set(60); // stuck behind the 100 committed before the restart
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> steps.done.contains("move leader"));
            Thread.sleep(5 * CATCH_UP_MILLIS);
            assertEquals(List.of("remove", "prepare in term 5", "add", "move leader"), steps.done);
        }
    }

    @Test
    void aReopenedReplicaThatCatchesUpLeavesTheLeaderAlone() throws Exception {
        RecordingSteps steps = new RecordingSteps(0);
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> steps.done.contains("add"));
            Thread.sleep(5 * CATCH_UP_MILLIS);
            assertEquals(List.of("remove", "prepare in term 5", "add"), steps.done);
        }
    }

    @Test
    void aThreadsEndIsExplainedOnlyByADiskFailureOfItsOwnReplica() throws Exception {
        RecordingSteps steps = new RecordingSteps(1_000_000); // the disk stays full: the restart stays pending
        RaftGroupId other = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("data-1".getBytes()));
        Thread leaderThread = new Thread(() -> {}, "az1-storage-1@" + DATA_0 + "-LeaderStateImpl");
        Thread appender = new Thread(() -> {}, "az1-storage-1@" + DATA_0 + "->az2-storage-1-GrpcLogAppender");
        Thread otherGroup = new Thread(() -> {}, "az1-storage-1@" + other + "-LeaderStateImpl");
        IllegalStateException closedLog = new IllegalStateException(
                "az1-storage-1@" + DATA_0 + "-SegmentedRaftLog is expected to be opened but it is CLOSED");
        NullPointerException metricsGone = new NullPointerException("getRegistry() is null");
        try (ReplicaRestarts restarts = new ReplicaRestarts(steps, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            assertFalse(restarts.explains(leaderThread, closedLog), "no disk failure yet");
            restarts.failed(DATA_0, new IOException("No space left on device"));
            assertTrue(restarts.explains(leaderThread, closedLog));
            assertTrue(restarts.explains(appender, metricsGone), "torn down while its restart is pending");
            assertFalse(restarts.explains(otherGroup, closedLog), "another group's thread");
            assertFalse(restarts.explains(new Thread(() -> {}, "main"), metricsGone));
        }

        RecordingSteps reopening = new RecordingSteps(0);
        try (ReplicaRestarts restarts = new ReplicaRestarts(reopening, id -> "data-0", RETRY_MILLIS, CATCH_UP_MILLIS)) {
            restarts.failed(DATA_0, new IOException("No space left on device"));
            awaitTrue(() -> reopening.done.contains("add"));
            assertFalse(restarts.explains(appender, metricsGone), "reopened: a new crash is a crash");
            assertTrue(restarts.explains(leaderThread, closedLog), "an old thread meeting the closed log late");
        }
    }

    private static void awaitTrue(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(10)).until(condition);
    }
}
