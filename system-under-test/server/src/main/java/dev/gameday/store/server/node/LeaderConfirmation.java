package dev.gameday.store.server.node;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * Confirms that this replica still leads its group, for ConsistentReads: Raft's ReadIndex check (thesis section
 * 6.4), a round with a majority that starts after the read arrived. The store does it itself because Ratis 3.2.0
 * skips the round when a majority acknowledged the leader's commit index earlier, so a leader cut off from its
 * followers served old data (issue 10, RATIS-READINDEX-BUG.md).
 *
 * <p>A round asks every other replica, with Ratis' GroupInfo call, whom it follows. A Ratis follower forgets its
 * leader whenever its term changes (a vote in a newer term included), so a follower that names this replica has
 * voted in no term newer than this leader's. Once enough of them (with this leader, a majority) name it, and it
 * is still leader in the same term, no newer term had a majority when they answered, so no newer leader had
 * committed anything: every write committed before the read arrived is at or below the commit index the read
 * took on arrival (on a leader that had committed an entry of its own term, see PartitionStateMachine.query).
 *
 * <p>Cost: one GroupInfo round trip per batch of reads ({@link SharedRounds}: reads that arrive while a round is
 * in flight share the next one).
 */
final class LeaderConfirmation {
    /** Asks one replica of a group for its view of the group; the store's node gives it a Ratis client. */
    @FunctionalInterface
    interface PeerViews {
        CompletableFuture<GroupInfoReply> groupInfo(RaftGroup group, RaftPeerId peer);
    }

    private final Supplier<RaftServer.Division> division;
    private final PeerViews peers;
    private final SharedRounds<Long> rounds = new SharedRounds<>(this::round);
    /** Replicas asked in a round whose answer has not come back yet. */
    private final Set<RaftPeerId> asking = ConcurrentHashMap.newKeySet();

    LeaderConfirmation(Supplier<RaftServer.Division> division, PeerViews peers) {
        this.division = division;
        this.peers = peers;
    }

    /**
     * Completes with the term in which a majority confirmed this replica as leader, in a round that starts after
     * this call; fails if the round does not confirm it.
     */
    CompletableFuture<Long> confirmedTerm() {
        return rounds.join();
    }

    /** One round: asks every other replica whom it follows. */
    private CompletableFuture<Long> round() {
        RaftServer.Division d = division.get();
        DivisionInfo info = d.getInfo();
        long term = info.getCurrentTerm();
        if (!info.isLeader()) {
            return CompletableFuture.failedFuture(new ReadIndexException(d.getMemberId() + " is not the leader"));
        }
        if (!d.getRaftConf().getPreviousPeers().isEmpty()) {
            // The store's groups never change members; a joint configuration would need a majority of both.
            return CompletableFuture.failedFuture(
                    new ReadIndexException(d.getMemberId() + " is changing configuration"));
        }
        RaftPeerId me = d.getId();
        List<RaftPeer> others = d.getRaftConf().getCurrentPeers().stream()
                .filter(p -> !p.getId().equals(me))
                .toList();
        int needed = (others.size() + 1) / 2; // a majority of all voters, less this leader
        CompletableFuture<Long> confirmed = new CompletableFuture<>();
        if (needed == 0) {
            confirmed.complete(term);
            return confirmed;
        }
        AtomicInteger following = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        Consumer<Boolean> count = followsMe -> {
            if (followsMe && following.incrementAndGet() == needed) {
                if (info.isLeader() && info.getCurrentTerm() == term) {
                    confirmed.complete(term);
                } else {
                    confirmed.completeExceptionally(new ReadIndexException(
                            d.getMemberId() + " lost the lead in term " + term + " while confirming it"));
                }
            }
            if (answered.incrementAndGet() == others.size()) {
                // Does nothing if the round was already decided.
                confirmed.completeExceptionally(
                        new ReadIndexException(d.getMemberId() + ": only " + following.get() + " of " + others.size()
                                + " other replicas follow it in term " + term + ", " + needed + " needed"));
            }
        };
        for (RaftPeer peer : others) {
            RaftPeerId id = peer.getId();
            if (!asking.add(id)) {
                // Still waiting for its answer to an earlier round, which cannot count for this one. Asking again would
                // pile up calls to a replica that does not answer (each waits for the client's timeout).
                count.accept(false);
                continue;
            }
            peers.groupInfo(d.getGroup(), id).whenComplete((reply, error) -> {
                asking.remove(id);
                count.accept(error == null && follows(reply, me));
            });
        }
        return confirmed;
    }

    private static boolean follows(GroupInfoReply reply, RaftPeerId leader) {
        RoleInfoProto role = reply.getRoleInfoProto();
        return role.getRole() == RaftPeerRole.FOLLOWER
                && role.getFollowerInfo().hasLeaderInfo()
                && role.getFollowerInfo().getLeaderInfo().getId().getId().equals(leader.toByteString());
    }
}
