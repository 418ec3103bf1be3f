package dev.gameday.store.server.node;

import dev.gameday.store.server.message.DataQuery.LeaderView;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.raft.GroupClients;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.protocol.Message;
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
 * <p>A round asks other replicas whom they follow and in which term ({@link LeaderView}, a stale read that the
 * replica answers from Ratis' state), as many as it needs and more only if one of them fails or is slow
 * ({@link Round}). A replica that answers "follower of this leader, in its term" has voted in
 * no newer term: a vote moves a replica's term first. Once enough of them (with this leader, a majority) answer so,
 * and this replica is still leader in the same term, no newer term had a majority when they answered, so no newer
 * leader had committed anything: every write committed before the read arrived is at or below the commit index
 * the read took on arrival (on a leader that had committed an entry of its own term, see
 * PartitionStateMachine.query).
 *
 * <p>Cost: one round trip per batch of reads ({@link SharedRounds}: reads that arrive while a round is in flight
 * share the next one), to one follower of three while it answers, on Ratis' unordered asynchronous calls (no thread
 * waits for the answers; GroupClients.staleReadAsync says why not the ordered ones).
 */
final class LeaderConfirmation {
    /** Asks one replica of a group whom it follows, once; the store's node sends it through a Ratis client. */
    @FunctionalInterface
    interface PeerViews {
        CompletableFuture<LeaderView.Answer> leaderView(RaftGroup group, RaftPeerId peer);
    }

    /**
     * How long a round waits for the replicas it asked first before it asks the others too. Above a follower's usual
     * answer on a busy 2-core machine (a few ms, ConsistentReadBenchmark), far below a request timeout.
     */
    static final long HEDGE_MILLIS = 10;

    private static final Executor HEDGE = CompletableFuture.delayedExecutor(HEDGE_MILLIS, TimeUnit.MILLISECONDS);

    private final Supplier<RaftServer.Division> division;
    private final PeerViews peers;
    private final SharedRounds<Long> rounds = new SharedRounds<>(this::round);
    /** Replicas asked in a round whose answer has not come back yet. */
    private final Set<RaftPeerId> asking = ConcurrentHashMap.newKeySet();
    /** The replica whose answer decided the last round that confirmed this leader: asked first in the next. */
    private volatile RaftPeerId fastest;

    /** The question, the same every time: sealed once. */
    private static final Message LEADER_VIEW = Envelope.seal(new LeaderView().encode());

    /**
     * Asks replicas whom they follow through {@code clients}: a stale read that the replica answers from Ratis' state
     * (PartitionStateMachine.queryStale), sent once ({@link GroupClients#staleReadAsync}).
     */
    static PeerViews askingThrough(GroupClients clients) {
        return (group, peer) -> clients.staleReadAsync(group, LEADER_VIEW, peer).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return LeaderView.Answer.decode(Envelope.open(reply.getMessage().getContent()));
        });
    }

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

    /** One round: asks the other replicas whom they follow, in which term, until a majority is known. */
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
        if (needed == 0) {
            return CompletableFuture.completedFuture(term);
        }
        List<RaftPeerId> order =
                new ArrayList<>(others.stream().map(RaftPeer::getId).toList());
        RaftPeerId first = fastest;
        if (first != null && order.remove(first)) {
            order.add(0, first);
        }
        Round round = new Round(d, term, order, needed);
        round.ask(needed);
        if (order.size() > needed) {
            CompletableFuture.runAsync(round::askTheRest, HEDGE);
        }
        return round.confirmed;
    }

    /**
     * One round's state. It asks as many replicas as it needs, the one that decided the last round first; a
     * replica that does not follow this leader, fails or is still busy with an earlier question is replaced by the
     * next, and after {@link #HEDGE_MILLIS} every replica not asked yet is asked too (a slow one costs at most that).
     * In a group of three that is one question per round instead of two while both followers answer quickly.
     */
    private final class Round {
        final CompletableFuture<Long> confirmed = new CompletableFuture<>();
        private final RaftServer.Division division;
        private final long term;
        private final int needed;
        private final int replicas;
        private final Deque<RaftPeerId> notAsked;
        private int following;
        private int answered;

        Round(RaftServer.Division division, long term, List<RaftPeerId> order, int needed) {
            this.division = division;
            this.term = term;
            this.needed = needed;
            this.replicas = order.size();
            this.notAsked = new ArrayDeque<>(order);
        }

        /** Asks up to {@code count} replicas not asked yet. */
        void ask(int count) {
            List<RaftPeerId> now = new ArrayList<>();
            synchronized (this) {
                while (now.size() < count && !notAsked.isEmpty()) {
                    now.add(notAsked.poll());
                }
            }
            RaftPeerId me = division.getId();
            for (RaftPeerId id : now) {
                if (!asking.add(id)) {
                    // Still waiting for its answer to an earlier round, which cannot count for this one. Asking again
                    // would pile up calls to a replica that does not answer (each waits for the client's timeout).
                    answer(id, false);
                    continue;
                }
                peers.leaderView(division.getGroup(), id).whenComplete((view, error) -> {
                    asking.remove(id);
                    answer(
                            id,
                            error == null
                                    && view.follower()
                                    && view.term() == term
                                    && view.leader().equals(me.toString()));
                });
            }
        }

        void askTheRest() {
            if (!confirmed.isDone()) {
                ask(replicas);
            }
        }

        private void answer(RaftPeerId id, boolean followsMe) {
            boolean decided;
            boolean allAnswered;
            int followingNow;
            synchronized (this) {
                answered++;
                if (followsMe) {
                    following++;
                }
                decided = followsMe && following == needed;
                allAnswered = answered == replicas;
                followingNow = following;
            }
            if (decided) {
                DivisionInfo info = division.getInfo();
                if (info.isLeader() && info.getCurrentTerm() == term) {
                    fastest = id;
                    confirmed.complete(term);
                } else {
                    confirmed.completeExceptionally(new ReadIndexException(
                            division.getMemberId() + " lost the lead in term " + term + " while confirming it"));
                }
            } else if (!followsMe && !confirmed.isDone()) {
                ask(1);
            }
            if (allAnswered) {
                // Does nothing if the round was already decided.
                confirmed.completeExceptionally(new ReadIndexException(division.getMemberId() + ": only "
                        + followingNow + " of " + replicas + " other replicas follow it in term " + term + ", "
                        + needed + " needed"));
            }
        }
    }
}
