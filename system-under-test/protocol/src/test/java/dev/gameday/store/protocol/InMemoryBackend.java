package dev.gameday.store.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A single-node {@link StoreBackend} for tests: one TreeMap per partition, keyed by storage key, holding
 * encoded items. Every write goes through {@code ItemWrite.encode()/decode()} and every item through
 * {@code Item.encode()/decode()}, as a replica would see them. Counts backend calls so tests can prove
 * that rejected requests never reached storage.
 */
class InMemoryBackend implements StoreBackend {
    private final Map<String, TableDescription> tables = new ConcurrentHashMap<>();
    private final Map<String, List<NavigableMap<byte[], byte[]>>> data = new ConcurrentHashMap<>();
    final AtomicInteger writeCalls = new AtomicInteger();

    @Override
    public synchronized TableDescription createTable(TableDescription requested) {
        TableDescription stored = TableDescription.decode(requested.encode());
        if (tables.putIfAbsent(stored.name(), stored) != null) {
            throw new DynamoException(DynamoError.ResourceInUseException, "Table already exists: " + stored.name());
        }
        List<NavigableMap<byte[], byte[]>> partitions = new ArrayList<>();
        for (int i = 0; i < stored.partitionCount(); i++) {
            partitions.add(new TreeMap<>(Arrays::compareUnsigned));
        }
        data.put(stored.name(), partitions);
        return stored;
    }

    @Override
    public Optional<TableDescription> describeTable(String tableName) {
        return Optional.ofNullable(tables.get(tableName));
    }

    @Override
    public List<String> listTables() {
        return List.copyOf(tables.keySet());
    }

    @Override
    public synchronized WriteResult write(TableDescription table, ItemWrite write) {
        writeCalls.incrementAndGet();
        ItemWrite replayed = ItemWrite.decode(write.encode());
        NavigableMap<byte[], byte[]> partition = partition(table, replayed.key());
        byte[] storageKey = replayed.key().storageKey();
        Optional<Item> current = Optional.ofNullable(partition.get(storageKey)).map(Item::decode);
        WriteResult result = WriteResult.decode(replayed.apply(current).encode());
        if (result.changed()) {
            if (result.newItem().isPresent()) {
                partition.put(storageKey, result.newItem().get().encode());
            } else {
                partition.remove(storageKey);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<Item> getItem(TableDescription table, PrimaryKey key, boolean consistentRead) {
        return Optional.ofNullable(partition(table, key).get(key.storageKey())).map(Item::decode);
    }

    @Override
    public synchronized ItemPage query(
            TableDescription table,
            PrimaryKey partitionKeyOnly,
            boolean forward,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead) {
        byte[] prefix = partitionKeyOnly.storageKey();
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
        for (var e : partition(table, partitionKeyOnly).tailMap(prefix, true).entrySet()) {
            if (!startsWith(e.getKey(), prefix)) {
                break;
            }
            entries.add(e);
        }
        if (!forward) {
            Collections.reverse(entries);
        }
        Optional<byte[]> after = exclusiveStartKey.map(PrimaryKey::storageKey);
        List<Item> items = new ArrayList<>();
        for (var e : entries) {
            if (after.isPresent()) {
                int c = Arrays.compareUnsigned(e.getKey(), after.get());
                if (forward ? c <= 0 : c >= 0) {
                    continue;
                }
            }
            if (items.size() == limit) {
                return page(items, table);
            }
            items.add(Item.decode(e.getValue()));
        }
        return new ItemPage(items, Optional.empty(), items.size());
    }

    @Override
    public synchronized ItemPage scan(
            TableDescription table,
            int segment,
            int totalSegments,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead) {
        int partitions = table.partitionCount();
        boolean filter = ScanSegments.splitsPartitions(totalSegments, partitions);
        int startPartition =
                exclusiveStartKey.map(k -> k.partitionIndex(partitions)).orElse(-1);
        List<Item> items = new ArrayList<>();
        for (int p : ScanSegments.partitionsOf(segment, totalSegments, partitions)) {
            if (p < startPartition) {
                continue;
            }
            NavigableMap<byte[], byte[]> map = data.get(table.name()).get(p);
            NavigableMap<byte[], byte[]> rest =
                    p == startPartition ? map.tailMap(exclusiveStartKey.get().storageKey(), false) : map;
            for (var e : rest.entrySet()) {
                PrimaryKey key = PrimaryKey.fromStorageKey(e.getKey(), table.keySchema());
                if (filter && !ScanSegments.contains(segment, totalSegments, partitions, key)) {
                    continue;
                }
                if (items.size() == limit) {
                    return page(items, table);
                }
                items.add(Item.decode(e.getValue()));
            }
        }
        return new ItemPage(items, Optional.empty(), items.size());
    }

    /** Number of items stored in the table, over all partitions. */
    synchronized int itemCount(String table) {
        List<NavigableMap<byte[], byte[]>> partitions = data.get(table);
        return partitions == null ? 0 : partitions.stream().mapToInt(Map::size).sum();
    }

    private static ItemPage page(List<Item> items, TableDescription table) {
        return new ItemPage(items, Optional.of(items.get(items.size() - 1).key(table.keySchema())), items.size());
    }

    private NavigableMap<byte[], byte[]> partition(TableDescription table, PrimaryKey key) {
        return data.get(table.name()).get(key.partitionIndex(table.partitionCount()));
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
