package dev.gameday.store.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.junit.jupiter.api.Test;

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
}
