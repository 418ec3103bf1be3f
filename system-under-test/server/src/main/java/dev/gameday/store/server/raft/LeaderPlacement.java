package dev.gameday.store.server.raft;

import dev.gameday.store.api.config.RaftTimings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
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

    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
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
        server.transferLeadershipAsync(new TransferLeadershipRequest(
                        clientId, server.getId(), id, callIds.incrementAndGet(), preferred, handOverTimeoutMillis))
                .whenComplete((reply, error) -> {
                    if (error != null || !reply.isSuccess()) {
                        LOG.info(
                                "hand-over of {} to {} did not happen: {}",
                                name,
                                preferred,
                                // As text: a Throwable as the last argument would be taken as the log line's cause.
                                String.valueOf(error != null ? error : reply.getException()));
                    }
                });
    }

    /**
     * Whether the leader heard from {@code peer} recently and it holds every entry up to {@code index}. Ratis lists the
     * followers' last replies, match indices and next indices in the same order (its log appenders'); a membership
     * change between the reads would change their lengths, and then nothing is concluded this round.
     *
     * <p>A match index never goes down in Ratis, so a replica that lost its log's tail (cut at its start after a bad
     * entry, {@code RaftLogRecovery}) still looks caught up by it; its next index, lowered when the replica answers
     * that it lacks an entry, shows it is not. Handing a group to such a replica failed, and while each hand-over
     * waited the leader refused the write that makes it resend the lost entries, every 15 s, so the replica never
     * caught up (StorageCorruptionTest in the gate, 2026-12-07).
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
