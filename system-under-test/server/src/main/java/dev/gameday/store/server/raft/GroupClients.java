package dev.gameday.store.server.raft;

import dev.gameday.store.api.config.RaftTimings;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
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
     * A hand-over takes one election round trip (about 50 ms measured on loopback); these bound the wait for one to
     * 40 x 100 ms, which with the router's timeout left over is rarely reached.
     */
    private static final int HAND_OVER_ATTEMPTS = 40;

    private static final long HAND_OVER_PAUSE_MILLIS = 100;

    /**
     * When the caller stops waiting for the call this thread runs ({@link #await}), in System.nanoTime(). Cancelling
     * the caller's future does not stop a blocking Ratis call, so without this a call the router had already answered
     * with 503 kept retrying (40 attempts of up to a request timeout each) and, in a long outage, such calls could fill
     * the call pool. Ratis' blocking client retries on the thread that called it, so the retry policy reads it here.
     */
    private static final ThreadLocal<Long> CALLER_GIVES_UP_AT = new ThreadLocal<>();

    /** Retries (same call id, so the server's retry cache deduplicates) find a new leader after a crash. */
    private static final RetryPolicy FIND_THE_LEADER =
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(250, TimeUnit.MILLISECONDS));

    private static final RetryPolicy FIND_THE_LEADER_WHILE_THE_CALLER_WAITS =
            event -> callerGaveUp() ? RetryPolicy.NO_RETRY_ACTION : FIND_THE_LEADER.handleAttemptFailure(event);

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
        long callerGivesUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timings.requestTimeoutMillis());
        return CompletableFuture.supplyAsync(
                () -> {
                    CALLER_GIVES_UP_AT.set(callerGivesUpAt);
                    try {
                        return throughLeaderHandOver(client, call);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    } finally {
                        CALLER_GIVES_UP_AT.remove();
                    }
                },
                calls);
    }

    private static boolean callerGaveUp() {
        Long at = CALLER_GIVES_UP_AT.get();
        return at != null && System.nanoTime() - at >= 0;
    }

    /**
     * Runs {@code call}, again while the leader refuses it because it is handing the group over. Groups hand their
     * leadership to their preferred replica when it is back ({@link LeaderPlacement}), and meanwhile the old leader answers
     * writes with LeaderSteppingDownException, which Ratis' blocking client passes up instead of following the
     * leader as it does after a NotLeaderException. Ratis raises it before the write enters the log, so sending it
     * again (to the same server, which names the new leader once the hand-over is over) cannot apply it twice. The
     * attempts are bounded; a hand-over that takes longer still fails the call.
     */
    private static RaftClientReply throughLeaderHandOver(RaftClient client, Call call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == HAND_OVER_ATTEMPTS || callerGaveUp();
            try {
                RaftClientReply reply = call.run(client.io());
                if (last || !(reply.getException() instanceof LeaderSteppingDownException)) {
                    return reply;
                }
            } catch (LeaderSteppingDownException e) {
                if (last) {
                    throw e;
                }
            }
            try {
                Thread.sleep(HAND_OVER_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the group's leader hands over");
            }
        }
    }

    public RaftClient client(RaftGroup group) {
        return clients.computeIfAbsent(
                group.getGroupId().toString(),
                id -> RaftClient.newBuilder()
                        .setProperties(properties)
                        .setRaftGroup(group)
                        .setClientId(ClientId.randomId())
                        .setRetryPolicy(FIND_THE_LEADER_WHILE_THE_CALLER_WAITS)
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
