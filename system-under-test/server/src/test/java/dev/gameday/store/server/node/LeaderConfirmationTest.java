package dev.gameday.store.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.server.message.DataQuery.LeaderView;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.Test;

/**
 * Whom a confirmation round asks, and when it decides. The Raft side is shown on real servers in
 * {@link DeposedLeaderConsistentReadTest}; here the leader and its followers' answers are stand-ins, so the order
 * and timing of the questions can be checked exactly.
 */
class LeaderConfirmationTest {
    private static final long TERM = 7;
    private static final RaftPeerId ME = RaftPeerId.valueOf("n1");
    private static final RaftPeerId N2 = RaftPeerId.valueOf("n2");
    private static final RaftPeerId N3 = RaftPeerId.valueOf("n3");
    private static final RaftGroup GROUP = RaftGroup.valueOf(
            RaftGroupId.randomId(),
            List.of(
                    RaftPeer.newBuilder().setId(ME).build(),
                    RaftPeer.newBuilder().setId(N2).build(),
                    RaftPeer.newBuilder().setId(N3).build()));

    /** The questions sent, in order, and their answers, completed by each test. */
    private final List<RaftPeerId> asked = new CopyOnWriteArrayList<>();

    private final Map<RaftPeerId, CompletableFuture<LeaderView.Answer>> answers = Map.of(
            N2, new CompletableFuture<>(),
            N3, new CompletableFuture<>());

    private final LeaderConfirmation confirmation = new LeaderConfirmation(() -> leader(TERM), (group, peer) -> {
        asked.add(peer);
        return answers.get(peer);
    });

    @Test
    void aRoundAsksOneFollowerOfThreeWhileItAnswers() throws Exception {
        CompletableFuture<Long> round = confirmation.confirmedTerm();
        answers.get(N2).complete(follows(ME, TERM));
        assertEquals(TERM, round.get(5, TimeUnit.SECONDS));
        Thread.sleep(LeaderConfirmation.HEDGE_MILLIS * 5);
        assertEquals(List.of(N2), asked, "the second follower is not asked once the first confirmed");
    }

    @Test
    void aFollowerThatDoesNotAnswerCostsTheHedgeThenTheOtherDecidesAndIsAskedFirstNextTime() throws Exception {
        answers.get(N3).complete(follows(ME, TERM));
        long start = System.nanoTime();
        assertEquals(TERM, confirmation.confirmedTerm().get(5, TimeUnit.SECONDS));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(N2, N3), asked);
        assertTrue(waitedMillis >= LeaderConfirmation.HEDGE_MILLIS, "asked n3 after " + waitedMillis + " ms");

        assertEquals(TERM, confirmation.confirmedTerm().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(N2, N3, N3), asked, "n3 decided the last round, so it is asked first");
    }

    @Test
    void aFollowerOfAnotherLeaderOrTermIsReplacedAtOnceAndTwoRefuseTheRead() throws Exception {
        answers.get(N2).complete(follows(N3, TERM + 1));
        answers.get(N3).complete(follows(ME, TERM - 1));
        ExecutionException refused = assertThrows(
                ExecutionException.class,
                () -> confirmation.confirmedTerm().get(LeaderConfirmation.HEDGE_MILLIS / 2, TimeUnit.MILLISECONDS));
        assertInstanceOf(ReadIndexException.class, refused.getCause());
        assertTrue(
                refused.getCause().getMessage().contains("only 0 of 2"),
                refused.getCause().getMessage());
        assertEquals(List.of(N2, N3), asked);
    }

    @Test
    void aFailedQuestionCountsAsNotFollowing() throws Exception {
        answers.get(N2).completeExceptionally(new IOException("connection refused"));
        answers.get(N3).complete(follows(ME, TERM));
        assertEquals(TERM, confirmation.confirmedTerm().get(5, TimeUnit.SECONDS));
        assertEquals(List.of(N2, N3), asked);
    }

    private static LeaderView.Answer follows(RaftPeerId leader, long term) {
        return new LeaderView.Answer(true, term, leader.toString());
    }

    /** This replica as Ratis shows it to the confirmation: leader of {@link #GROUP} in {@code term}. */
    private static RaftServer.Division leader(long term) {
        DivisionInfo info = stub(DivisionInfo.class, Map.of("isLeader", true, "getCurrentTerm", term));
        RaftConfiguration conf = stub(
                RaftConfiguration.class, Map.of("getCurrentPeers", GROUP.getPeers(), "getPreviousPeers", List.of()));
        return stub(
                RaftServer.Division.class,
                Map.of(
                        "getInfo", info,
                        "getRaftConf", conf,
                        "getId", ME,
                        "getMemberId", RaftGroupMemberId.valueOf(ME, GROUP.getGroupId()),
                        "getGroup", GROUP));
    }

    /** An interface whose named methods return the given values; any other call fails the test. */
    private static <T> T stub(Class<T> type, Map<String, Object> returns) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!returns.containsKey(method.getName())) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return returns.get(method.getName());
        }));
    }
}
