package dev.gameday.store.server.raft;

import dev.gameday.store.api.config.RaftTimings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every group this node leads to the group's preferred replica ({@link RaftGroups#preferredLeader}) once that
 * replica has been answering and caught up for a while, so leaders spread over the nodes after the boot and come
 * back to a node after its restart (issue 18: the node that booted first led all five groups, and its power-off
 * stopped every call through every router).
 *
 * <p>A hand-over is Ratis' leadership transfer: the leader stops taking writes, lets the replica catch up and asks
 * it to start an election now; the other replicas vote as in any election. Elections themselves are untouched, so a
 * preferred replica that is cut off or behind only waits: the group never depends on it. While a hand-over runs, the
 * old leader refuses writes with LeaderSteppingDownException before appending them, and {@link GroupClients} sends
 * such a write again. The conditions below keep hand-overs rare: one per group after the boot and after each restart
 * of its preferred replica, none while that replica flaps.
 */
public final class LeaderPlacement implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderPlacement.class);
    private static final long CHECK_EVERY_MILLIS = 1000;

    private final RaftServer server;
    private final RaftGroups groups;
    /** How long the preferred replica must have been answering and caught up, without a break: two election timeouts. */
    private final long healthyForMillis;
    /**
     * A replica whose last reply is older than this is not answering: the shortest election timeout. An idle leader
     * sends heartbeats every half of it, so a live replica's last reply is up to that old.
     */
    private final long answeringWithinMillis;
    /** How long a hand-over may keep writes waiting before the leader gives up on it and takes them again. */
    private final long handOverTimeoutMillis;

    private final Map<RaftGroupId, Long> healthySince = new HashMap<>();
    /** Per group this node leads, its commit index at the previous check. */
    private final Map<RaftGroupId, Long> committedAtLastCheck = new HashMap<>();

    /** Who asks for hand-overs and step-downs: this node itself; the ids only tell the requests apart. */
    private static final ClientId CLIENT_ID = ClientId.randomId();

    private static final AtomicLong CALL_IDS = new AtomicLong();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "leader-placement");
        t.setDaemon(true);
        return t;
    });

    public LeaderPlacement(RaftServer server, RaftGroups groups, RaftTimings timings) {
        this.server = server;
        this.groups = groups;
        this.healthyForMillis = 2 * timings.electionMaxMillis();
        this.answeringWithinMillis = timings.electionMinMillis();
        this.handOverTimeoutMillis = timings.electionMinMillis() / 2;
    }

    public void start() {
        checks.scheduleWithFixedDelay(this::checkAll, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkAll() {
        try {
            long now = System.currentTimeMillis();
            for (RaftGroupId id : server.getGroupIds()) {
                check(id, now);
            }
        } catch (RuntimeException | IOException e) {
            // A group closing under the check (node shutting down, replica closed after a state machine error) ends
            // this round only; the next round looks again.
            LOG.debug("leader placement check skipped: {}", e.toString());
        }
    }

    private void check(RaftGroupId id, long now) throws IOException {
        RaftServer.Division division = server.getDivision(id);
        DivisionInfo info = division.getInfo();
        String name = groups.name(id);
        RaftPeerId preferred = groups.preferredLeader(name);
        if (!info.isLeader() || !info.isLeaderReady() || preferred.equals(server.getId())) {
            healthySince.remove(id);
            committedAtLastCheck.remove(id);
            return;
        }
        long committed = division.getRaftLog().getLastCommittedIndex();
        // Caught up means holding what was committed one check ago, not this instant: under steady writes the commit
        // index moves as soon as the faster follower has an entry, so the preferred replica was often one entry short
        // at the moment of a check, and each such moment restarted its streak. Boot hand-overs then came 8 to 32 s
        // after the node started, well into a run. Ratis' transfer still waits for the replica to hold everything.
        Long before = committedAtLastCheck.put(id, committed);
        if (!answeringAndCaughtUp(info, preferred, before != null ? before : committed)) {
            healthySince.remove(id);
            return;
        }
        long since = healthySince.computeIfAbsent(id, k -> now);
        if (now - since < healthyForMillis) {
            return;
        }
        // Start a new streak either way: a hand-over that fails is tried again only after another full one.
        healthySince.remove(id);
        LOG.info(
                "handing {} to its preferred leader {} (answering and caught up for {} ms, commit index {})",
                name,
                preferred,
                now - since,
                committed);
        handOver(server, id, name, preferred, handOverTimeoutMillis);
    }

    /**
     * Asks this node, leader of {@code id}, to hand the group to {@code to} (Ratis' leadership transfer); completes
     * once the attempt is over, true if {@code to} leads now.
     *
     * <p>Ratis 3.2.0 keeps a leader whose transfer failed at once (the transferee did not answer its StartLeaderElection
     * call: it had just gone down) in its "stepping down" state for good: the transfer is left pending, with no
     * timeout, and only a new leader's election clears it, so the leader refused every write, with
     * LeaderSteppingDownException, for as long as it stayed leader. A replica whose log had lost its tail then never
     * got it back either: the write that makes the leader resend it was refused too (StorageCorruptionTest in the gate,
     * 2026-12-07, 90 s of refused writes). Only a transfer that timed out is cleared; after any other failure, a leader
     * that still leads steps down, and the group elects again (a second or two without a leader instead of a group
     * that takes no writes).
     */
    static CompletableFuture<Boolean> handOver(
            RaftServer server, RaftGroupId id, String name, RaftPeerId to, long timeoutMillis) throws IOException {
        return server.transferLeadershipAsync(transfer(server, id, to, timeoutMillis))
                .handle((reply, error) -> error == null && reply.isSuccess()
                        ? CompletableFuture.completedFuture(true)
                        : afterFailedHandOver(server, id, name, to, timeoutMillis, failure(reply, error)))
                .thenCompose(done -> done);
    }

    /** A transfer of {@code id}'s leadership from this node to {@code to}; to null, Ratis' step-down. */
    private static TransferLeadershipRequest transfer(
            RaftServer server, RaftGroupId id, RaftPeerId to, long timeoutMillis) {
        return new TransferLeadershipRequest(
                CLIENT_ID, server.getId(), id, CALL_IDS.incrementAndGet(), to, timeoutMillis);
    }

    /** As text: a Throwable as a log line's last argument would be taken as the line's cause. */
    private static String failure(RaftClientReply reply, Throwable error) {
        return String.valueOf(error != null ? error : reply.getException());
    }

    private static CompletableFuture<Boolean> afterFailedHandOver(
            RaftServer server, RaftGroupId id, String name, RaftPeerId to, long timeoutMillis, String why) {
        LOG.info("hand-over of {} to {} did not happen: {}", name, to, why);
        // Ratis' result type is not public; its name is in the reply's message ("...: TIMED_OUT(0.750s)").
        if (why.contains("TIMED_OUT") || !stillLeads(server, id)) {
            return CompletableFuture.completedFuture(false);
        }
        LOG.warn(
                "{}: stepping down after the failed hand-over, which leaves Ratis refusing writes until a new election",
                name);
        CompletableFuture<RaftClientReply> stepDown;
        try {
            stepDown = server.transferLeadershipAsync(transfer(server, id, null, timeoutMillis));
        } catch (IOException e) {
            stepDown = CompletableFuture.failedFuture(e);
        }
        return stepDown.handle((reply, error) -> {
            if (error != null || !reply.isSuccess()) {
                LOG.warn("{}: step-down did not happen: {}", name, failure(reply, error));
            }
            return false;
        });
    }

    private static boolean stillLeads(RaftServer server, RaftGroupId id) {
        try {
            return server.getDivision(id).getInfo().isLeader();
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Whether the leader heard from {@code peer} recently and it holds every entry up to {@code index}. Ratis lists the
     * followers' last replies, match indices and next indices in the same order (its log appenders'); a membership
     * change between the reads would change their lengths, and then nothing is concluded this round.
     *
     * <p>A match index never goes down in Ratis, so a replica that lost its log's tail (cut at its start after a bad
     * entry, {@code RaftLogRecovery}) still looks caught up by it. Its next index shows it while Ratis keeps it lowered
     * after the replica answered that it lacks an entry; Ratis puts it back above the match index when the replica
     * answers so to an empty append (a heartbeat), so this catches such a replica only part of the time. A hand-over
     * it lets through fails (the replica is not up to date); what made those harmful was Ratis leaving a failed
     * transfer pending ({@link #handOver}).
     */
    private boolean answeringAndCaughtUp(DivisionInfo info, RaftPeerId peer, long index) {
        List<ServerRpcProto> followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
        long[] matchIndices = info.getFollowerMatchIndices();
        long[] nextIndices = info.getFollowerNextIndices();
        if (matchIndices == null
                || nextIndices == null
                || matchIndices.length != followers.size()
                || nextIndices.length != followers.size()) {
            return false;
        }
        for (int i = 0; i < followers.size(); i++) {
            ServerRpcProto follower = followers.get(i);
            if (follower.getId().getId().toStringUtf8().equals(peer.toString())) {
                return follower.getLastRpcElapsedTimeMs() <= answeringWithinMillis
                        && matchIndices[i] >= index
                        && nextIndices[i] > index;
            }
        }
        return false;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
