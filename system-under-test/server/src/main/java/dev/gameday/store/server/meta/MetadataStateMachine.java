package dev.gameday.store.server.meta;

import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The metadata group's replica: table definitions and their partition maps, in memory. The Raft log is the
 * durable copy (never purged), so a restarted replica rebuilds this map by replaying it.
 *
 * <p>Reply to CreateTable: [created (bool)][route]; when the table already existed the route is the existing one.
 */
public final class MetadataStateMachine extends BaseStateMachine {
    private final int dataGroups;
    private final Map<String, TableRoute> tables = new ConcurrentSkipListMap<>();
    /** Told when Ratis' log of this replica failed (a full disk, an I/O error): it takes no entry until restarted. */
    private final BiConsumer<RaftGroupId, Throwable> logFailures;

    public MetadataStateMachine(int dataGroups, BiConsumer<RaftGroupId, Throwable> logFailures) {
        this.dataGroups = dataGroups;
        this.logFailures = logFailures;
    }

    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        logFailures.accept(getGroupId(), cause);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] reply;
        try {
            MetadataMessage m = MetadataMessage.decode(
                    Envelope.open(entry.getStateMachineLogEntry().getLogData()));
            if (m instanceof MetadataMessage.CreateTable create) {
                reply = createTable(create.table());
            } else if (m instanceof MetadataMessage.LogNudge) {
                reply = new byte[0];
            } else {
                throw new IllegalArgumentException("not a metadata command: " + m);
            }
        } catch (RuntimeException e) {
            // Same bytes on every replica, so every replica refuses the same entry.
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            return CompletableFuture.failedFuture(e);
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }

    private byte[] createTable(TableDescription table) {
        TableRoute existing = tables.get(table.name());
        if (existing != null) {
            return new Wire.Writer().bool(false).blob(existing.encode()).toBytes();
        }
        TableRoute route = new TableRoute(table, assign(table));
        tables.put(table.name(), route);
        return new Wire.Writer().bool(true).blob(route.encode()).toBytes();
    }

    /** Spreads a table's partitions round-robin over the data groups, starting at a table-specific offset. */
    private List<Integer> assign(TableDescription table) {
        int offset = Math.floorMod(
                Envelope.crc(
                        table.name().getBytes(StandardCharsets.UTF_8),
                        0,
                        table.name().getBytes(StandardCharsets.UTF_8).length),
                dataGroups);
        List<Integer> groups = new ArrayList<>();
        for (int p = 0; p < table.partitionCount(); p++) {
            groups.add((offset + p) % dataGroups);
        }
        return List.copyOf(groups);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        try {
            MetadataMessage m = MetadataMessage.decode(Envelope.open(request.getContent()));
            Wire.Writer w = new Wire.Writer();
            if (m instanceof MetadataMessage.Describe d) {
                w.optBlob(Optional.ofNullable(tables.get(d.tableName())).map(TableRoute::encode));
            } else if (m instanceof MetadataMessage.ListTables) {
                w.i32(tables.size());
                tables.values().forEach(t -> w.blob(t.encode()));
            } else {
                throw new IllegalArgumentException("not a metadata query: " + m);
            }
            return CompletableFuture.completedFuture(Envelope.seal(w.toBytes()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
