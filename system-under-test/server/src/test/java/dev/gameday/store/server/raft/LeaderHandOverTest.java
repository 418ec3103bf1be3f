package dev.gameday.store.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.RaftTimings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.CodeInjectionForTesting;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leader handing its group over (as it does to the group's preferred leader, {@link RaftGroups}) refuses writes
 * with LeaderSteppingDownException until the hand-over ends. The router's call must go through it, applied once,
 * instead of failing with ServiceUnavailable: before {@link GroupClients} resent such writes, a write during a
 * hand-back failed (ReplicatedStoreTest's leader-kill step hit it once the node it had killed was back).
 *
 * <p>Three Ratis servers in this JVM with the store's {@link RaftSettings}; the hand-over is made to last by holding
 * the target's StartLeaderElection call (Ratis' test hook) for a while, so the write lands in it every time.
 */
class LeaderHandOverTest {
    /** How long the target holds the call that would make it leader: the hand-over lasts at least this long. */
    private static final long HELD_MILLIS = 1500;

    private final Map<RaftPeerId, RaftServer> servers = new LinkedHashMap<>();
    private final Map<RaftPeerId, CountingStateMachine> machines = new LinkedHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private RaftGroup group;

    @AfterEach
    void tearDown() throws Exception {
        CodeInjectionForTesting.remove(START_LEADER_ELECTION);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        for (RaftServer s : servers.values()) {
            s.close();
        }
    }

    @Test
    void aWriteDuringALeaderHandOverIsAppliedOnceInsteadOfRefused() throws Exception {
        startGroup(Path.of("target", "test-clusters", "hand-over-" + System.currentTimeMillis()));
        RaftPeerId leader = awaitLeader();
        RaftPeerId target = aFollowerOf(leader);
        CountDownLatch handingOver = new CountDownLatch(1);
        CodeInjectionForTesting.put(START_LEADER_ELECTION, (localId, remoteId, args) -> {
            handingOver.countDown();
            try {
                Thread.sleep(HELD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        RaftClient admin = client(leader);
        CompletableFuture<RaftClientReply> handOver = CompletableFuture.supplyAsync(() -> {
            try {
                return admin.admin().transferLeadership(target, 10_000);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
        // The leader asked the target to take over: it refuses writes until the target is leader.
        assertTrue(handingOver.await(10, TimeUnit.SECONDS), "the leader started handing the group over");

        GroupClients clients = new GroupClients(RaftTimings.defaults());
        closeables.add(clients);
        Message write = Message.valueOf("during the hand-over");
        RaftClientReply reply = clients.await(
                clients.submit(clients.client(group), api -> api.send(write)), "write during the hand-over");
        assertTrue(reply.isSuccess(), reply.toString());

        assertTrue(handOver.get().isSuccess(), "the hand-over completes: " + handOver.get());
        for (Map.Entry<RaftPeerId, CountingStateMachine> m : machines.entrySet()) {
            RaftPeerId id = m.getKey();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> m.getValue().applied("during the hand-over") >= 1);
            assertEquals(1, m.getValue().applied("during the hand-over"), id + " applied the write once");
        }
    }

    /**
     * The store's hand-over to a replica that has just gone down: Ratis 3.2.0 fails the transfer at once and, without
     * {@link LeaderPlacement#handOver}'s step-down, leaves the leader refusing every write for as long as it leads
     * (checked: without it, this test's write is refused until the await gives up).
     */
    @Test
    void aHandOverToAReplicaThatJustWentDownLeavesTheGroupTakingWrites() throws Exception {
        startGroup(Path.of("target", "test-clusters", "hand-over-to-down-" + System.currentTimeMillis()));
        RaftPeerId leader = awaitLeader();
        RaftPeerId down = aFollowerOf(leader);
        servers.remove(down).close();

        // Whether Ratis' call to the replica that is down fails before Ratis checks it (the transfer then stays
        // pending) or after (it times out, which clears it) is a race; once the leader's channel to the replica has
        // failed, most calls fail before (39 of 40 tries here), but a first one usually after. Ten tries of 0.5 s.
        for (int attempt = 1; attempt <= 10; attempt++) {
            boolean handedOver = LeaderPlacement.handOver(servers.get(leader), group.getGroupId(), "g", down, 500)
                    .get(30, TimeUnit.SECONDS);
            assertFalse(handedOver, "a replica that is down cannot take the group");
        }
        RaftClient client = client(null);
        // Bounded: the client's own retries end with its timeout; before the step-down every try was refused.
        RaftClientReply reply = Awaitility.await("a write after the failed hand-over")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> client.io().send(Message.valueOf("after the hand-over")), RaftClientReply::isSuccess);
        assertTrue(reply.isSuccess(), reply.toString());
    }

    private RaftPeerId aFollowerOf(RaftPeerId leader) {
        return servers.keySet().stream()
                .filter(id -> !id.equals(leader))
                .findFirst()
                .orElseThrow();
    }

    /** A client of the group, closed after the test; it sends to {@code leader} first, or finds the leader if null. */
    private RaftClient client(RaftPeerId leader) {
        RaftClient client = RaftClient.newBuilder()
                .setProperties(RaftSettings.client(RaftTimings.defaults()))
                .setRaftGroup(group)
                .setLeaderId(leader)
                .setClientId(ClientId.randomId())
                .build();
        closeables.add(client);
        return client;
    }

    private void startGroup(Path dir) throws Exception {
        group = LoopbackGroup.threePeers();
        for (RaftPeer peer : group.getPeers()) {
            RaftPeerId id = peer.getId();
            CountingStateMachine machine = new CountingStateMachine();
            RaftServer server = RaftServer.newBuilder()
                    .setServerId(id)
                    .setGroup(group)
                    .setProperties(RaftSettings.server(
                            RaftTimings.defaults(),
                            dir.resolve(id.toString()),
                            LoopbackGroup.port(peer),
                            BugSwitches.none()))
                    .setStateMachine(machine)
                    .setOption(RaftStorage.StartupOption.FORMAT)
                    .build();
            server.start();
            servers.put(id, server);
            machines.put(id, machine);
        }
    }

    private RaftPeerId awaitLeader() {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> servers.entrySet().stream()
                                .filter(e -> {
                                    try {
                                        return e.getValue()
                                                .getDivision(group.getGroupId())
                                                .getInfo()
                                                .isLeaderReady();
                                    } catch (IOException down) {
                                        return false;
                                    }
                                })
                                .map(Map.Entry::getKey)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Applies every entry by counting its content, and answers with it. */
    private static final class CountingStateMachine extends BaseStateMachine {
        private final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

        int applied(String content) {
            AtomicInteger n = applied.get(content);
            return n == null ? 0 : n.get();
        }

        @Override
        public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
            var entry = trx.getLogEntry();
            String content = entry.getStateMachineLogEntry().getLogData().toString(StandardCharsets.UTF_8);
            applied.computeIfAbsent(content, c -> new AtomicInteger()).incrementAndGet();
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            return CompletableFuture.completedFuture(Message.valueOf(content));
        }
    }

    /** Ratis' injection point for a server asked to start an election now (a hand-over's last step), in 3.2.0. */
    private static final String START_LEADER_ELECTION = "RaftServerImpl.startLeaderElection";
}
