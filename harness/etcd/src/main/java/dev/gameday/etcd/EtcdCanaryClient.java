package dev.gameday.etcd;

import dev.gameday.canary.CanaryClient;
import dev.gameday.canary.ClassifiedCallException;
import dev.gameday.canary.Command;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Canary commands as etcd calls through jetcd, one attempt each. A register's value is the decimal number
 * under {@code canary/<key>}; the item's filler goes to {@code canary-payload/<key>} in the same transaction, so
 * the compare of a CAS sees the number alone and a scan of {@code canary/} reads the values only.
 * <ul>
 *   <li>read: a range request, linearizable (etcd's default: the member confirms with a quorum that it leads);
 *       {@link #withSerializableReads} makes it serializable, a local read that may be stale, the client-side
 *       bug the linearizability checker must catch;</li>
 *   <li>write (registers and unique writes): a transaction of two puts;</li>
 *   <li>cas: a transaction {@code if value == expected then put both}; a false compare is
 *       {@link CompareFailedException}.</li>
 * </ul>
 * Every failure is thrown as a {@link ClassifiedCallException} with {@link EtcdOutcomes}' judgement.
 */
public final class EtcdCanaryClient implements CanaryClient, AutoCloseable {

    static final String VALUE_PREFIX = "canary/";
    static final String PAYLOAD_PREFIX = "canary-payload/";

    private final Client etcd;
    private final KV kv;
    private final Duration callTimeout;
    private final boolean serializableReads;

    /** @param endpoints the members this client may talk to (a canary per AZ names its own AZ's member) */
    public EtcdCanaryClient(List<URI> endpoints, Duration callTimeout) {
        this(newEtcdClient(endpoints, callTimeout), callTimeout, false);
    }

    private EtcdCanaryClient(Client etcd, Duration callTimeout, boolean serializableReads) {
        this.etcd = etcd;
        this.kv = etcd.getKVClient();
        this.callTimeout = callTimeout;
        this.serializableReads = serializableReads;
    }

    /** The same client with serializable (possibly stale) reads: a deliberate bug, for proving a catch. */
    public EtcdCanaryClient withSerializableReads() {
        return new EtcdCanaryClient(etcd, callTimeout, true);
    }

    /**
     * A jetcd client for canary use: no retries (jetcd retries reads and, on UNAVAILABLE, more; a retried write
     * that had been applied makes a later answer look definite when it is not), and calls fail at once when no
     * connection is up instead of waiting for one, so a dead member shows as refused, not as a long timeout.
     */
    static Client newEtcdClient(List<URI> endpoints, Duration callTimeout) {
        return Client.builder()
                .endpoints(endpoints.toArray(URI[]::new))
                .retryMaxAttempts(0)
                .waitForReady(false)
                .connectTimeout(callTimeout)
                // etcd 3.4 answers pings on a connection without calls, or more often than every 5 s
                // (--grpc-keepalive-min-time), with GOAWAY too_many_pings, which drops the connection: seen in runs.
                .keepaliveTime(Duration.ofSeconds(10))
                .keepaliveWithoutCalls(false)
                .keepaliveTimeout(callTimeout)
                .build();
    }

    @Override
    public Object execute(Command command) throws ClassifiedCallException {
        try {
            return switch (command.f()) {
                case "read" -> read(command.key());
                case "write" -> write(command);
                case "cas" -> cas(command);
                default -> throw new IllegalArgumentException("no etcd call for canary command " + command);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClassifiedCallException(EtcdOutcomes.classify(e), e);
        } catch (ExecutionException e) {
            throw new ClassifiedCallException(EtcdOutcomes.classify(e.getCause()), e.getCause());
        } catch (TimeoutException | CompareFailedException e) {
            throw new ClassifiedCallException(EtcdOutcomes.classify(e), e);
        }
    }

    private Long read(String key) throws InterruptedException, ExecutionException, TimeoutException {
        GetResponse response = await(kv.get(
                bytes(VALUE_PREFIX + key),
                GetOption.builder().withSerializable(serializableReads).build()));
        return response.getKvs().isEmpty() ? null : number(response.getKvs().get(0));
    }

    private Object write(Command command) throws InterruptedException, ExecutionException, TimeoutException {
        await(kv.txn()
                .Then(puts(command.key(), (Long) command.value(), command.payloadBytes()))
                .commit());
        return command.value();
    }

    private Object cas(Command command)
            throws InterruptedException, ExecutionException, TimeoutException, CompareFailedException {
        List<?> pair = (List<?>) command.value();
        long expected = (Long) pair.get(0);
        TxnResponse response = await(kv.txn()
                .If(new Cmp(
                        bytes(VALUE_PREFIX + command.key()),
                        Cmp.Op.EQUAL,
                        CmpTarget.value(bytes(Long.toString(expected)))))
                .Then(puts(command.key(), (Long) pair.get(1), command.payloadBytes()))
                .commit());
        if (!response.isSucceeded()) {
            throw new CompareFailedException(command.key(), expected);
        }
        return pair;
    }

    /** The final read: every register and unique key with its value, by one linearizable range request. */
    public Map<String, Long> scanAll() throws InterruptedException, ExecutionException, TimeoutException {
        GetResponse response = await(
                kv.get(bytes(VALUE_PREFIX), GetOption.builder().isPrefix(true).build()));
        Map<String, Long> values = new TreeMap<>();
        for (KeyValue entry : response.getKvs()) {
            values.put(entry.getKey().toString(StandardCharsets.UTF_8).substring(VALUE_PREFIX.length()), number(entry));
        }
        return values;
    }

    /** Waits at most the call timeout; a call given up on is cancelled so it does not linger in the client. */
    private <T> T await(CompletableFuture<T> call) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return call.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    private static Op[] puts(String key, long value, int payloadBytes) {
        return new Op[] {
            Op.put(bytes(VALUE_PREFIX + key), bytes(Long.toString(value)), PutOption.DEFAULT),
            Op.put(bytes(PAYLOAD_PREFIX + key), bytes("x".repeat(Math.max(1, payloadBytes))), PutOption.DEFAULT)
        };
    }

    private static long number(KeyValue entry) {
        return Long.parseLong(entry.getValue().toString(StandardCharsets.UTF_8));
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    /** Closes the jetcd client; a client made by {@link #withSerializableReads} shares it. */
    @Override
    public void close() {
        etcd.close();
    }
}
