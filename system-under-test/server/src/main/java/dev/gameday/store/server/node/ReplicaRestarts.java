package dev.gameday.store.server.node;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.protocol.RaftGroupId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts one replica of this node (its Ratis division of a group) that a disk failure left unable to go on, as a
 * process restart would, without taking the node's other replicas down. Two failures leave a replica so:
 * <ul>
 *   <li>its Raft log: once a write or fsync of a group's log fails (a full disk, an I/O error), Ratis 3.2.0 fails
 *       every later write of that log (its log worker keeps the first error) and tells the state machine
 *       ({@code notifyLogFailed}); the replica then never takes an entry again while the process runs;
 *   <li>its RocksDB out of space: applying an entry fails, the state machine throws and Ratis closes the replica.
 * </ul>
 * A restart removes the division (keeping its directory), writes the group's log files again as new files and
 * syncs them ({@link RaftDirectorySync#rewriteLog}: Ratis counts every entry it reads at start as flushed, and a
 * write that went through before the failure may still be only in the page cache), repairs its term and vote file if
 * a full disk emptied it ({@link RaftMetaFile}), and adds the group again, which opens it from its directory. While
 * the disk still fails, one of these steps fails and the restart is tried again after {@link #RETRY_MILLIS}, until
 * it succeeds or the node stops.
 *
 * <p>Why new files, not a sync of the old ones: after an fsync that failed with EIO, Linux marks the pages it could
 * not write clean, so a later fsync of the same file succeeds without writing them (fsyncgate), while reads still
 * return them from the page cache. The reopened log would count entries as on its disk that the next power loss
 * takes, and acknowledge them to its leader: with two replicas of a group hit that way and then powered off together,
 * the two elected each other on logs missing entries their group had committed (experiments/fsync-errors.yaml).
 * Every page of a new file is dirty, so its sync writes them all. (Pages the kernel has already dropped read back as
 * what the disk holds; the start-up scan, {@link RaftLogRecovery}, cuts such a log at its first bad entry.)
 */
final class ReplicaRestarts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRestarts.class);

    /** Between attempts while the disk still fails: a full disk is freed by people or by compaction, not at once. */
    static final long RETRY_MILLIS = 2000;

    /**
     * How long a reopened replica has to apply what its group had committed when the replica was removed. A replica
     * that restarts while its group runs gets those entries from the leader in a second or two.
     */
    static final long CATCH_UP_MILLIS = 10_000;

    /** How many times a reopened replica that does not catch up moves its group's leader away before giving up. */
    static final int MAX_LEADER_MOVES = 3;

    /** The division as it was when a restart removed it. */
    record Removed(long term, long committed) {}

    /** What a restart does, in this order; each step throws while the disk still fails. */
    interface Steps {
        /**
         * Closes the division and forgets it, keeping its directory. Returns its term and commit index, or empty if it
         * was not there (removed by an earlier attempt).
         */
        Optional<Removed> remove(RaftGroupId group) throws IOException;

        /**
         * Makes the group's directory ready to open: its Raft log files written again and synced, its term and vote
         * file readable ({@link RaftMetaFile#repairIfUnreadable}, with {@code term}, the division's term when it was
         * removed, or -1 when no attempt saw it).
         */
        void prepare(RaftGroupId group, long term) throws IOException;

        /** Opens the group again from its directory. */
        void add(RaftGroupId group) throws IOException;

        /** The replica's applied index now, or -1 if it is not open. */
        long appliedIndex(RaftGroupId group);

        /** Asks the group's leader, on another node, to hand its lead to the third replica. */
        void moveLeaderAway(RaftGroupId group) throws IOException;
    }

    private final Steps steps;
    private final Function<RaftGroupId, String> names;
    private final long retryMillis;
    private final long catchUpMillis;
    /** Groups with a restart asked for or under way; a second failure report while one is pending adds nothing. */
    private final Set<RaftGroupId> pending = ConcurrentHashMap.newKeySet();
    /** Groups whose replica here a disk failure closed at least once. */
    private final Set<RaftGroupId> closedByADiskFailure = ConcurrentHashMap.newKeySet();
    /** Per group being restarted, its division as an attempt removed it. */
    private final Map<RaftGroupId, Removed> removals = new ConcurrentHashMap<>();

    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-restarts");
        t.setDaemon(true);
        return t;
    });

    ReplicaRestarts(Steps steps, Function<RaftGroupId, String> names) {
        this(steps, names, RETRY_MILLIS, CATCH_UP_MILLIS);
    }

    ReplicaRestarts(Steps steps, Function<RaftGroupId, String> names, long retryMillis, long catchUpMillis) {
        this.steps = steps;
        this.names = names;
        this.retryMillis = retryMillis;
        this.catchUpMillis = catchUpMillis;
    }

    /**
     * Asks for a restart of the replica of {@code group}, which {@code cause} left unable to go on. Called from Ratis'
     * threads (its log worker, its state machine updater): the restart runs on a thread of its own, after the caller
     * has returned, since removing a division waits for those threads.
     */
    void failed(RaftGroupId group, Throwable cause) {
        closedByADiskFailure.add(group);
        if (!pending.add(group)) {
            return;
        }
        LOG.error(
                "replica of {} cannot go on ({}); restarting it from its directory",
                names.apply(group),
                String.valueOf(cause));
        schedule(group, 1, retryMillis / 4);
    }

    /**
     * Whether an uncaught exception that ends {@code thread} is the effect of a disk failure tearing a replica down,
     * not a crash. Ratis' threads of a replica are named {@code NODE@group-ID-...} (its log appenders
     * {@code NODE@group-ID->PEER-...}), and a replica whose log failed loses them while Ratis and then the restart close
     * it: in disk-full.yaml its leader's event thread ended with "SegmentedRaftLog is expected to be opened but it is
     * CLOSED" and a log appender Ratis restarted with a NullPointerException from its already unregistered metrics.
     * So: any exception in a thread of a replica whose restart is pending (between its failure and its reopening), and
     * that closed-log exception at any time after a disk failure of its group (a thread of the old replica can end
     * after the new one opened). The replica is restarted with new threads; anything else stays an uncaught exception.
     */
    boolean explains(Thread thread, Throwable error) {
        if (pending.stream().anyMatch(group -> isThreadOf(thread, group))) {
            return true;
        }
        return error instanceof IllegalStateException
                && error.getMessage() != null
                && error.getMessage().contains("is expected to be opened but it is CLOSED")
                && closedByADiskFailure.stream().anyMatch(group -> isThreadOf(thread, group));
    }

    private static boolean isThreadOf(Thread thread, RaftGroupId group) {
        return thread.getName().contains("@" + group + "-");
    }

    /** Whether a restart of {@code group} was asked for and has not succeeded yet. */
    boolean isPending(RaftGroupId group) {
        return pending.contains(group);
    }

    private void schedule(RaftGroupId group, int attempt, long delayMillis) {
        try {
            restarts.schedule(() -> restart(group, attempt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // The node is stopping: its next start opens every group from its directory anyway.
        }
    }

    private void restart(RaftGroupId group, int attempt) {
        String name = names.apply(group);
        try {
            steps.remove(group).ifPresent(removed -> removals.put(group, removed));
            Removed removed = removals.get(group);
            steps.prepare(group, removed == null ? -1 : removed.term());
            // Before the add: the reopened replica's own failure, however soon, must ask for a restart of its own.
            pending.remove(group);
            steps.add(group);
            removals.remove(group);
            if (removed != null) {
                scheduleCatchUpCheck(group, removed.committed(), 1);
            }
        } catch (IOException | RuntimeException e) {
            pending.add(group);
            // The first failure and every tenth: a disk full for minutes would otherwise fill the node's log.
            if (attempt == 1 || attempt % 10 == 0) {
                LOG.warn(
                        "restart of the replica of {} failed (attempt {}), trying again: {}",
                        name,
                        attempt,
                        e.toString());
            }
            schedule(group, attempt + 1, retryMillis);
            return;
        }
        LOG.warn("replica of {} restarted from its directory (attempt {})", name, attempt);
    }

    private void scheduleCatchUpCheck(RaftGroupId group, long committed, int check) {
        try {
            restarts.schedule(() -> checkCaughtUp(group, committed, check), catchUpMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // The node is stopping.
        }
    }

    /**
     * A reopened replica that does not catch up moves its group's leader away. Seen in disk-full.yaml (seed 109, one
     * group of three): the reopened replica refused the leader's entries as not following its log, which is right,
     * but for over a minute the leader's log appender for it kept timing out and sending later entries instead of
     * going back, so the replica applied nothing. A new leader starts its log appenders afresh.
     */
    private void checkCaughtUp(RaftGroupId group, long committed, int check) {
        if (pending.contains(group)) {
            return; // restarted again meanwhile: that restart checks for itself
        }
        String name = names.apply(group);
        long applied = steps.appliedIndex(group);
        if (applied >= committed) {
            LOG.info(
                    "reopened replica of {} caught up: applied {} of the {} committed before",
                    name,
                    applied,
                    committed);
            return;
        }
        if (check > MAX_LEADER_MOVES) {
            LOG.error(
                    "reopened replica of {} still behind after {} leader moves: applied {} of {}",
                    name,
                    MAX_LEADER_MOVES,
                    applied,
                    committed);
            return;
        }
        LOG.warn(
                "reopened replica of {} applied {} of the {} committed before, {} s after it opened: moving its"
                        + " group's leader away",
                name,
                applied,
                committed,
                catchUpMillis * check / 1000.0);
        try {
            steps.moveLeaderAway(group);
        } catch (IOException | RuntimeException e) {
            LOG.warn("moving the leader of {} away failed: {}", name, e.toString());
        }
        scheduleCatchUpCheck(group, committed, check + 1);
    }

    @Override
    public void close() {
        restarts.shutdownNow();
    }
}
