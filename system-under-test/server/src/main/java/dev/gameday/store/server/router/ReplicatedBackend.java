package dev.gameday.store.server.router;

import dev.gameday.store.api.bugs.BugSwitches;
import dev.gameday.store.api.bugs.StoreBug;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemPage;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.protocol.PrimaryKey;
import dev.gameday.store.protocol.ScanSegments;
import dev.gameday.store.protocol.StoreBackend;
import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.protocol.WriteResult;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.DataQuery;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.Wire;
import dev.gameday.store.server.message.WriteReply;
import dev.gameday.store.server.meta.MetadataMessage;
import dev.gameday.store.server.meta.TableDirectory;
import dev.gameday.store.server.meta.TableRoute;
import dev.gameday.store.server.raft.GroupClients;
import dev.gameday.store.server.raft.RaftGroups;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * {@link StoreBackend} over the replication groups: writes go through the partition group's leader and are
 * acknowledged after Raft commit (a quorum has the entry in its log); ConsistentRead=true is answered by the
 * leader once a majority confirmed it still leads; ConsistentRead=false is a stale read on the replica in the
 * router's own AZ (falling back to the other replicas when it does not answer).
 *
 * <p>Seam for admission control: {@link #groupOf} is where every item request is routed to a partition; a
 * per-partition/per-node token bucket check belongs right there.
 */
public final class ReplicatedBackend implements StoreBackend {
    private final RaftGroups raftGroups;
    private final GroupClients clients;
    private final TableDirectory directory;
    private final String az;
    private final BugSwitches bugs;

    public ReplicatedBackend(RaftGroups raftGroups, GroupClients clients, String az, BugSwitches bugs) {
        this.raftGroups = raftGroups;
        this.clients = clients;
        this.az = az;
        this.bugs = bugs;
        this.directory = new TableDirectory(metadata(), clients);
    }

    private RaftClient metadata() {
        return clients.client(raftGroups.metadataGroup());
    }

    @Override
    public TableDescription createTable(TableDescription requested) {
        Message command = Envelope.seal(new MetadataMessage.CreateTable(requested).encode());
        Wire.Reader reply = new Wire.Reader(
                clients.await(clients.submit(metadata(), api -> api.send(command)), "create table " + requested.name())
                        .getMessage()
                        .getContent()
                        .toByteArray());
        boolean created = reply.bool();
        TableRoute route = TableRoute.decode(reply.blob());
        directory.remember(route);
        if (!created) {
            throw new DynamoException(DynamoError.ResourceInUseException, "Table already exists: " + requested.name());
        }
        return route.table();
    }

    @Override
    public Optional<TableDescription> describeTable(String tableName) {
        return directory.find(tableName).map(TableRoute::table);
    }

    @Override
    public List<String> listTables() {
        Wire.Reader reply = new Wire.Reader(Envelope.open(clients.await(
                        clients.submit(
                                metadata(),
                                api -> api.sendReadOnly(Envelope.seal(new MetadataMessage.ListTables().encode()))),
                        "list tables")
                .getMessage()
                .getContent()));
        int n = reply.i32();
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(TableRoute.decode(reply.blob()).table().name());
        }
        return names;
    }

    @Override
    public WriteResult write(TableDescription table, ItemWrite write) {
        int partition = write.key().partitionIndex(table.partitionCount());
        RaftGroup group = groupOf(table, partition);
        DataCommand.Write command = new DataCommand.Write(table.name(), partition, write.encode());
        String what = "write to " + table.name() + " partition " + partition;
        if (bugs.isOn(StoreBug.ACK_BEFORE_QUORUM)) {
            Message unreplicated = Envelope.seal(new DataQuery.UnreplicatedWrite(command).encode());
            byte[] reply = Envelope.open(
                    clients.await(clients.submit(clients.client(group), api -> api.sendReadOnly(unreplicated)), what)
                            .getMessage()
                            .getContent());
            return WriteReply.decode(reply).resultOrThrow();
        }
        Message sealed = Envelope.seal(command.encode());
        byte[] reply = clients.await(clients.submit(clients.client(group), api -> api.send(sealed)), what)
                .getMessage()
                .getContent()
                .toByteArray();
        return WriteReply.decode(reply).resultOrThrow();
    }

    @Override
    public Optional<Item> getItem(TableDescription table, PrimaryKey key, boolean consistentRead) {
        int partition = key.partitionIndex(table.partitionCount());
        byte[] reply = read(
                groupOf(table, partition),
                new DataQuery.Get(table.name(), partition, key.storageKey()),
                consistentRead);
        return new Wire.Reader(reply).optBlob().map(Item::decode);
    }

    @Override
    public ItemPage query(
            TableDescription table,
            PrimaryKey partitionKeyOnly,
            boolean forward,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead) {
        int partition = partitionKeyOnly.partitionIndex(table.partitionCount());
        List<Item> items = range(
                table,
                partition,
                partitionKeyOnly.storageKey(),
                exclusiveStartKey.map(PrimaryKey::storageKey),
                forward,
                limit,
                consistentRead);
        Optional<PrimaryKey> last = items.size() == limit && !items.isEmpty()
                ? Optional.of(items.get(items.size() - 1).key(table.keySchema()))
                : Optional.empty();
        return new ItemPage(items, last, items.size());
    }

    @Override
    public ItemPage scan(
            TableDescription table,
            int segment,
            int totalSegments,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead) {
        int partitions = table.partitionCount();
        boolean filter = ScanSegments.splitsPartitions(totalSegments, partitions);
        Optional<Integer> resumePartition = exclusiveStartKey.map(k -> k.partitionIndex(partitions));
        List<Item> out = new ArrayList<>();
        int scanned = 0;
        for (int partition : ScanSegments.partitionsOf(segment, totalSegments, partitions)) {
            if (resumePartition.isPresent() && partition < resumePartition.get()) {
                continue;
            }
            Optional<byte[]> start = resumePartition.isPresent() && partition == resumePartition.get()
                    ? exclusiveStartKey.map(PrimaryKey::storageKey)
                    : Optional.empty();
            while (out.size() < limit) {
                int want = filter ? limit : limit - out.size();
                List<Item> batch = range(table, partition, new byte[0], start, true, want, consistentRead);
                for (Item item : batch) {
                    scanned++;
                    PrimaryKey key = item.key(table.keySchema());
                    if (!filter || ScanSegments.contains(segment, totalSegments, partitions, key)) {
                        out.add(item);
                    }
                    start = Optional.of(key.storageKey());
                    if (out.size() == limit) {
                        return new ItemPage(out, Optional.of(key), scanned);
                    }
                }
                if (batch.size() < want) {
                    break;
                }
            }
        }
        return new ItemPage(out, Optional.empty(), scanned);
    }

    private List<Item> range(
            TableDescription table,
            int partition,
            byte[] prefix,
            Optional<byte[]> start,
            boolean forward,
            int limit,
            boolean consistentRead) {
        byte[] reply = read(
                groupOf(table, partition),
                new DataQuery.Range(table.name(), partition, prefix, start, forward, limit),
                consistentRead);
        Wire.Reader r = new Wire.Reader(reply);
        int n = r.i32();
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(Item.decode(r.blob()));
        }
        return items;
    }

    /** A table's partition map, for the admin endpoint: which replication group holds each partition. */
    public TableRoute route(String table) {
        return directory.route(table);
    }

    private RaftGroup groupOf(TableDescription table, int partition) {
        return raftGroups.dataGroup(directory.route(table.name()).group(partition));
    }

    private byte[] read(RaftGroup group, DataQuery query, boolean consistentRead) {
        RaftClient client = clients.client(group);
        Message message = Envelope.seal(query.encode());
        if (consistentRead && bugs.isOn(StoreBug.RATIS_READ_INDEX)) {
            // Bug ratisReadIndex: Ratis' ReadIndex, then a state machine that trusts it (PartitionStateMachine.query).
            return Envelope.open(
                    clients.await(clients.submit(client, api -> api.sendReadOnly(message)), "consistent read")
                            .getMessage()
                            .getContent());
        }
        if (consistentRead && !bugs.isOn(StoreBug.STALE_CONSISTENT_READ)) {
            // To the leader, whose state machine confirms its leadership with a majority before answering
            // (PartitionStateMachine.query). "NonLinearizable" only skips Ratis' own ReadIndex, which in Ratis 3.2.0
            // can answer from a deposed leader (RATIS-READINDEX-BUG.md).
            return Envelope.open(clients.await(
                            clients.submit(client, api -> api.sendReadOnlyNonLinearizable(message)), "consistent read")
                    .getMessage()
                    .getContent());
        }
        return staleRead(group, clients.singleAttemptClient(group), message);
    }

    /** Tries the replica in this router's AZ first, then the others. */
    private byte[] staleRead(RaftGroup group, RaftClient client, Message message) {
        List<RaftPeerId> replicas =
                new ArrayList<>(group.getPeers().stream().map(RaftPeer::getId).toList());
        replicas.sort(Comparator.comparing(id -> raftGroups.node(id).az().equals(az) ? 0 : 1));
        DynamoException last = null;
        for (RaftPeerId replica : replicas) {
            try {
                return Envelope.open(clients.await(
                                clients.submit(client, api -> api.sendStaleRead(message, 0, replica)),
                                "eventually consistent read on " + replica)
                        .getMessage()
                        .getContent());
            } catch (DynamoException e) {
                last = e;
            }
        }
        throw last;
    }
}
