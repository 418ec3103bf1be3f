package dev.gameday.store.server.raft;

import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.BlockingApi;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;

/**
 * One Ratis client per replication group (clients are thread-safe and track the group's leader), and the
 * mapping of every way a call can fail onto a 5xx DynamoException: a request whose outcome is unknown is
 * never reported as success.
 */
public final class GroupClients implements AutoCloseable {
    private final RaftProperties properties;
    private final RaftTimings timings;
    private final Map<String, RaftClient> clients = new ConcurrentHashMap<>();
    private final Map<String, RaftClient> singleAttemptClients = new ConcurrentHashMap<>();

    /**
     * Runs each Raft call as an independent blocking call. Ratis' ordered async API fails every
     * request still in a client's window when one of them fails, so a single timeout against a dead
     * leader would fail every concurrent request of this router to that group; blocking calls fail
     * one at a time. Bounded, and a full pool makes the caller run the call itself.
     */
    private final ExecutorService calls = new ThreadPoolExecutor(
            0,
            256,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            runnable -> {
                Thread t = new Thread(runnable, "raft-call");
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());

    public GroupClients(RaftTimings timings) {
        this.timings = timings;
        this.properties = RaftSettings.client(timings);
    }

    /** One blocking Raft call, e.g. {@code api -> api.send(message)}. */
    @FunctionalInterface
    public interface Call {
        RaftClientReply run(BlockingApi api) throws IOException;
    }

    /** Starts {@code call} on {@code client}'s blocking API; {@link #await} bounds the wait. */
    public CompletableFuture<RaftClientReply> submit(RaftClient client, Call call) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return call.run(client.io());
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                calls);
    }

    public RaftClient client(RaftGroup group) {
        return clients.computeIfAbsent(
                group.getGroupId().toString(),
                id -> RaftClient.newBuilder()
                        .setProperties(properties)
                        .setRaftGroup(group)
                        .setClientId(ClientId.randomId())
                        // Retries (same call id, so the server's retry cache deduplicates) find a new leader after a
                        // crash.
                        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                                40, TimeDuration.valueOf(250, TimeUnit.MILLISECONDS)))
                        .build());
    }

    /**
     * A client that tries once: for stale reads aimed at one replica, where the caller moves on to the next
     * replica instead of waiting for a dead one.
     */
    public RaftClient singleAttemptClient(RaftGroup group) {
        return singleAttemptClients.computeIfAbsent(
                group.getGroupId().toString(),
                id -> RaftClient.newBuilder()
                        .setProperties(properties)
                        .setRaftGroup(group)
                        .setClientId(ClientId.randomId())
                        .setRetryPolicy(RetryPolicies.noRetry())
                        .build());
    }

    /**
     * Asks one replica of a group for its view of the group (role, leader, term if it leads), once, without
     * waiting longer than the client's request timeout: the leader's check before a ConsistentRead.
     */
    public CompletableFuture<GroupInfoReply> groupInfo(RaftGroup group, RaftPeerId peer) {
        RaftClient client = singleAttemptClient(group);
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return client.getGroupManagementApi(peer).info(group.getGroupId());
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                calls);
    }

    /** Waits for a reply; no leader, timeouts and transport errors become ServiceUnavailable / InternalServerError. */
    public RaftClientReply await(CompletableFuture<RaftClientReply> call, String what) {
        RaftClientReply reply;
        try {
            reply = call.get(timings.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DynamoException(
                    DynamoError.ServiceUnavailableException,
                    what + ": no answer from the replication group within " + timings.requestTimeoutMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynamoException(DynamoError.InternalServerError, what + ": interrupted");
        } catch (ExecutionException e) {
            throw new DynamoException(DynamoError.ServiceUnavailableException, what + ": " + e.getCause());
        }
        if (!reply.isSuccess()) {
            throw new DynamoException(
                    reply.getStateMachineException() != null
                            ? DynamoError.InternalServerError
                            : DynamoError.ServiceUnavailableException,
                    what + ": " + reply.getException());
        }
        return reply;
    }

    @Override
    public void close() {
        calls.shutdownNow();
        List<RaftClient> all = new ArrayList<>(clients.values());
        all.addAll(singleAttemptClients.values());
        for (RaftClient c : all) {
            try {
                c.close();
            } catch (IOException e) {
                // Closing is best effort at shutdown; nothing is waiting on these clients any more.
            }
        }
    }
}
