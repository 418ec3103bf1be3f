package dev.gameday.store.server.meta;

import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.message.Wire;
import dev.gameday.store.server.raft.GroupClients;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.client.RaftClient;

/**
 * The partition map as a client of the metadata group sees it: linearizable lookups, cached per table. Routers
 * route requests by it; a node's archiver checks with it that an entry belongs to its group (most nodes host no
 * metadata replica). Tables are never deleted or re-partitioned yet, so a cached route never goes stale.
 *
 * <p>Seam for a constant-work metadata cache (DynamoDB's MemDS lesson): {@link #route} is the single place a
 * request asks for its route; a later version sends the metadata lookup on every call, hit or miss, and uses
 * the cache only to answer when the lookup is slow.
 */
public final class TableDirectory {
    private final RaftClient metadata;
    private final GroupClients clients;
    private final Map<String, TableRoute> cache = new ConcurrentHashMap<>();

    public TableDirectory(RaftClient metadata, GroupClients clients) {
        this.metadata = metadata;
        this.clients = clients;
    }

    public Optional<TableRoute> find(String table) {
        TableRoute cached = cache.get(table);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] reply = Envelope.open(clients.await(
                        clients.submit(
                                metadata,
                                api -> api.sendReadOnly(Envelope.seal(new MetadataMessage.Describe(table).encode()))),
                        "describe table " + table)
                .getMessage()
                .getContent());
        Optional<TableRoute> route = new Wire.Reader(reply).optBlob().map(TableRoute::decode);
        route.ifPresent(r -> cache.put(table, r));
        return route;
    }

    public TableRoute route(String table) {
        return find(table)
                .orElseThrow(() -> new DynamoException(
                        DynamoError.ResourceNotFoundException,
                        "Requested resource not found: Table: " + table + " not found"));
    }

    public void remember(TableRoute route) {
        cache.put(route.table().name(), route);
    }
}
