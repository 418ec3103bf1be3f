package dev.gameday.store.protocol;

import java.util.List;
import java.util.Optional;

/** What the request router needs from the replicated store. The server module implements it. */
public interface StoreBackend {
    /** Creates the table; DynamoException(ResourceInUseException) if it exists. Returns the stored description. */
    TableDescription createTable(TableDescription requested);

    Optional<TableDescription> describeTable(String tableName);

    List<String> listTables();

    /** Applies the write through the partition leader; returns after a quorum persisted it. */
    WriteResult write(TableDescription table, ItemWrite write);

    Optional<Item> getItem(TableDescription table, PrimaryKey key, boolean consistentRead);

    /**
     * Items whose partition key equals partitionKeyOnly, in sort-key order (reverse if !forward), starting
     * after exclusiveStartKey, at most limit items; the protocol layer applies sort-key conditions and
     * FilterExpression.
     */
    ItemPage query(
            TableDescription table,
            PrimaryKey partitionKeyOnly,
            boolean forward,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead);

    /**
     * One scan segment: at most limit items of the segment, starting after exclusiveStartKey. Which items
     * belong to a segment is defined by {@link ScanSegments}; a segment spanning several partitions is read
     * partition by partition in ascending partition index, each in storage-key order, so that an
     * exclusiveStartKey identifies the resume point (its partition via {@link PrimaryKey#partitionIndex}).
     */
    ItemPage scan(
            TableDescription table,
            int segment,
            int totalSegments,
            int limit,
            Optional<PrimaryKey> exclusiveStartKey,
            boolean consistentRead);
}
