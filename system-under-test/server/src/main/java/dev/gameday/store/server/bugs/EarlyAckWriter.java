package dev.gameday.store.server.bugs;

import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.protocol.WriteResult;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.WriteReply;
import dev.gameday.store.server.storage.ItemStore;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BUG {@code ackBeforeQuorum}: the leader applies a write to its own RocksDB, acknowledges it at once, and
 * hands it to Raft only {@link #REPLICATION_DELAY_MILLIS} later, fire-and-forget. A leader crash inside that
 * window loses writes the client was told are durable. Exists only so the harness can prove it notices.
 */
public final class EarlyAckWriter {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyAckWriter.class);
    static final long REPLICATION_DELAY_MILLIS = 1500;

    private final ScheduledExecutorService replicator = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "early-ack-replicator");
        t.setDaemon(true);
        return t;
    });
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    public WriteReply write(RaftServer server, RaftGroupId groupId, ItemStore store, DataCommand.Write command) {
        try {
            if (!server.getDivision(groupId).getInfo().isLeader()) {
                throw new IllegalStateException("not the leader of " + groupId);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ItemWrite write = ItemWrite.decode(command.itemWrite());
        byte[] key = ItemStore.itemKey(
                command.table(), command.partition(), write.key().storageKey());
        WriteResult result = write.apply(store.get(key).map(Item::decode));
        if (result.changed()) {
            store.putUnlogged(key, result.newItem().map(Item::encode));
        }
        replicator.schedule(() -> replicate(server, groupId, command), REPLICATION_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return new WriteReply.Applied(result);
    }

    private void replicate(RaftServer server, RaftGroupId groupId, DataCommand.Write command) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Envelope.seal(command.encode()))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            server.submitClientRequestAsync(request).whenComplete((reply, error) -> {
                if (error != null || !reply.isSuccess()) {
                    LOG.warn(
                            "BUG ackBeforeQuorum: acknowledged write was not replicated: {}",
                            error != null ? error : reply);
                }
            });
        } catch (IOException e) {
            LOG.warn("BUG ackBeforeQuorum: acknowledged write was not replicated", e);
        }
    }
}
