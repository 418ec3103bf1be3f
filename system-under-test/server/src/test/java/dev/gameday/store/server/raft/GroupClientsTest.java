package dev.gameday.store.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupClientsTest {
    /**
     * Issue 18: cancelling the router's future does not stop a blocking Ratis call, so a call the router had already
     * answered with 503 went on retrying (40 x 250 ms here, up to a request timeout each against a silent peer) and in
     * a long outage such calls could fill the call pool. The retries now stop when the caller stops waiting. A group
     * of three peers nobody listens on: every attempt fails at once, so without the caller's deadline the call would
     * run for 40 x 250 ms = 10 s.
     */
    @Test
    void aCallStopsRetryingOnceTheRouterHasGivenUpOnIt() throws Exception {
        RaftTimings timings = new RaftTimings(1500, 3000, 1000);
        try (GroupClients clients = new GroupClients(timings)) {
            RaftClient client = clients.client(LoopbackGroup.threePeers());
            CountDownLatch returned = new CountDownLatch(1);
            CompletableFuture<RaftClientReply> call = clients.submit(client, api -> {
                try {
                    return api.send(Message.valueOf("put"));
                } finally {
                    returned.countDown();
                }
            });
            DynamoException refused = assertThrows(DynamoException.class, () -> clients.await(call, "put"));
            assertEquals(DynamoError.ServiceUnavailableException, refused.error());
            long afterRefusal = System.nanoTime();
            assertTrue(
                    returned.await(3, TimeUnit.SECONDS),
                    "the Ratis call was still retrying 3 s after the router answered 503");
            System.out.printf(
                    "the call stopped %d ms after the router gave up%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - afterRefusal));
        }
    }

    /**
     * A leader asks its followers whom they follow with asynchronous stale reads. With Ratis' ordered asynchronous
     * calls one failure closes the client's window to that replica for good, so a replica that was down once could
     * never be asked again. Here a replica of a running group is stopped, asked, started again and asked again.
     */
    @Test
    void anAsynchronousStaleReadWorksAgainAfterItsReplicaWasDown(@TempDir Path dir) throws Exception {
        RaftTimings timings = new RaftTimings(300, 600, 1000);
        RaftGroup group = LoopbackGroup.threePeers();
        List<RaftServer> servers = new ArrayList<>();
        Message question = Message.valueOf("whom do you follow?");
        try (GroupClients clients = new GroupClients(timings)) {
            for (RaftPeer peer : group.getPeers()) {
                servers.add(startServer(group, peer, timings, dir, RaftStorage.StartupOption.FORMAT));
            }
            RaftPeer replica = group.getPeers().iterator().next();
            assertEquals("here", askUntilAnswered(clients, group, question, replica), "before the stop");
            servers.remove(0).close();
            assertThrows(
                    ExecutionException.class,
                    () -> clients.staleReadAsync(group, question, replica.getId())
                            .get(10, TimeUnit.SECONDS));
            servers.add(0, startServer(group, replica, timings, dir, RaftStorage.StartupOption.RECOVER));
            assertEquals("here", askUntilAnswered(clients, group, question, replica), "after the restart");
        } finally {
            for (RaftServer s : servers) {
                s.close();
            }
        }
    }

    /** Asks for up to 10 s while the replica starts or catches up; the answer, or the last failure. */
    private static String askUntilAnswered(GroupClients clients, RaftGroup group, Message question, RaftPeer replica)
            throws InterruptedException {
        Throwable last = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                RaftClientReply reply =
                        clients.staleReadAsync(group, question, replica.getId()).get(10, TimeUnit.SECONDS);
                if (reply.isSuccess()) {
                    return reply.getMessage().getContent().toStringUtf8();
                }
                last = reply.getException();
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        return "no answer; last failure: " + last;
    }

    private static RaftServer startServer(
            RaftGroup group, RaftPeer peer, RaftTimings timings, Path dir, RaftStorage.StartupOption option)
            throws IOException {
        RaftServer server = RaftServer.newBuilder()
                .setServerId(peer.getId())
                .setGroup(group)
                .setProperties(RaftSettings.server(
                        timings, dir.resolve(peer.getId().toString()), LoopbackGroup.port(peer), BugSwitches.none()))
                .setStateMachine(new BaseStateMachine() {
                    @Override
                    public CompletableFuture<Message> queryStale(Message request, long minIndex) {
                        return CompletableFuture.completedFuture(Message.valueOf("here"));
                    }
                })
                .setOption(option)
                .build();
        server.start();
        return server;
    }
}
