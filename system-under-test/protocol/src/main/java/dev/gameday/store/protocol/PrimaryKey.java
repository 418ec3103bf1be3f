package dev.gameday.store.protocol;

import dev.gameday.store.api.placement.KeyPlacement;
import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Primary key of one item. {@link #storageKey()} is order-preserving: all items of one partition key are
 * contiguous and ordered by sort key as DynamoDB orders them (numbers numerically, strings/binary bytewise).
 * A key without a sort key on a table that has one ({@link #partitionOnly()}) encodes to the common prefix
 * of that partition key's items.
 */
public record PrimaryKey(KeyElement partition, Optional<KeyElement> sort) {
    public PrimaryKey {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(sort, "sort");
    }

    public static PrimaryKey of(KeyElement partition) {
        return new PrimaryKey(partition, Optional.empty());
    }

    public static PrimaryKey of(KeyElement partition, KeyElement sort) {
        return new PrimaryKey(partition, Optional.of(sort));
    }

    public PrimaryKey partitionOnly() {
        return new PrimaryKey(partition, Optional.empty());
    }

    public byte[] storageKey() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        KeyEncoding.encode(partition.value(), out);
        sort.ifPresent(s -> KeyEncoding.encode(s.value(), out));
        return out.toByteArray();
    }

    public static PrimaryKey fromStorageKey(byte[] k, KeySchema schema) {
        int[] position = {0};
        KeyAttribute pk = schema.partitionKey();
        KeyElement partition = new KeyElement(pk.name(), KeyEncoding.decode(k, position, pk.type()));
        Optional<KeyElement> sort = Optional.empty();
        if (schema.sortKey().isPresent() && position[0] < k.length) {
            KeyAttribute sk = schema.sortKey().get();
            sort = Optional.of(new KeyElement(sk.name(), KeyEncoding.decode(k, position, sk.type())));
        }
        if (position[0] != k.length) {
            throw new IllegalArgumentException("storage key has " + (k.length - position[0]) + " trailing bytes");
        }
        return new PrimaryKey(partition, sort);
    }

    /** The partition, in [0, partitionCount), that holds this key's items ({@link KeyPlacement}). */
    public int partitionIndex(int partitionCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        KeyEncoding.encode(partition.value(), out);
        return KeyPlacement.partitionOf(out.toByteArray(), partitionCount);
    }

    /** The key's attributes as an item (what DynamoDB returns as LastEvaluatedKey). */
    public Item toItem() {
        java.util.Map<String, AttributeValue> attributes = new java.util.TreeMap<>();
        attributes.put(partition.name(), partition.value());
        sort.ifPresent(s -> attributes.put(s.name(), s.value()));
        return new Item(attributes);
    }
}
