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
import org.apache.ratis.client.impl.RaftClientImpl;
import org.apache.ratis.client.impl.UnorderedAsync;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
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
    /** For {@link #staleReadAsync}, by group and replica. */
    private final Map<String, RaftClient> questionClients = new ConcurrentHashMap<>();

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
                group.getGroupId().toString(), id -> newClient(group, FIND_THE_LEADER_WHILE_THE_CALLER_WAITS));
    }

    /**
     * A client that tries once: for stale reads aimed at one replica, where the caller moves on to the next
     * replica instead of waiting for a dead one.
     */
    public RaftClient singleAttemptClient(RaftGroup group) {
        return singleAttemptClients.computeIfAbsent(
                group.getGroupId().toString(), id -> newClient(group, RetryPolicies.noRetry()));
    }

    private RaftClient newClient(RaftGroup group, RetryPolicy retryPolicy) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(retryPolicy)
                .build();
    }

    private static void closeQuietly(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // Best effort: nothing waits on this client any more.
        }
    }

    /**
     * A stale read on one replica, tried once, on Ratis' unordered asynchronous stream: no thread waits for it, and
     * Ratis fails it after the client's request timeout. The leader's check before a ConsistentRead asks its
     * followers this way, at most one question at a time per replica.
     *
     * <p>Not {@code client.async().sendStaleRead}: that goes through an ordered window per client and replica, and one
     * failed call closes the window for every later call (seen in containers: after one timeout, or a Watch another
     * caller sent on a shared client, every later question failed with AlreadyClosedException, and no ConsistentRead
     * succeeded again). Ratis' {@code UnorderedAsync} sends each call on its own. Each (group, replica) also has a
     * client that nothing else uses, replaced after a failed call, so nothing one caller does can close another's way.
     */
    public CompletableFuture<RaftClientReply> staleReadAsync(RaftGroup group, Message message, RaftPeerId peer) {
        String key = group.getGroupId() + "/" + peer;
        RaftClient client = questionClients.computeIfAbsent(key, k -> newClient(group, RetryPolicies.noRetry()));
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = UnorderedAsync.send(
                    RaftClientRequest.staleReadRequestType(0), message, peer, (RaftClientImpl) client);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.whenComplete((r, error) -> {
            if ((error != null || !r.isSuccess()) && questionClients.remove(key, client)) {
                // Closed on the call pool: not on the gRPC thread that is completing this call.
                calls.execute(() -> closeQuietly(client));
            }
        });
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
        all.addAll(questionClients.values());
        all.forEach(GroupClients::closeQuietly);
    }
}
