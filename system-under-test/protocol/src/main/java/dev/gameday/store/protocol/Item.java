package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An item: attribute name to value. Immutable. {@link #encode()} is canonical (attributes sorted by name,
 * numbers normalised, sets sorted): equal items give equal bytes, so replicas can compare checksums.
 */
public final class Item {
    /** DynamoDB's item size limit, attribute names included. */
    public static final long MAX_SIZE_BYTES = 400 * 1024;

    private static final int FORMAT_VERSION = 1;

    private final SortedMap<String, AttributeValue> attributes;

    public Item(Map<String, AttributeValue> attributes) {
        this.attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    public SortedMap<String, AttributeValue> attributes() {
        return attributes;
    }

    public Optional<AttributeValue> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Size as DynamoDB counts it: UTF-8 length of each attribute name plus the value's size. */
    public long sizeBytes() {
        long size = 0;
        for (var e : attributes.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().sizeBytes();
        }
        return size;
    }

    /**
     * The item's primary key under the schema. Missing key attributes, wrong types and empty key values are
     * ValidationExceptions worded as DynamoDB words them.
     */
    public PrimaryKey key(KeySchema schema) {
        KeyElement partition = keyElement(schema.partitionKey());
        return new PrimaryKey(partition, schema.sortKey().map(this::keyElement));
    }

    private KeyElement keyElement(KeyAttribute attribute) {
        AttributeValue value = attributes.get(attribute.name());
        if (value == null) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Missing the key " + attribute.name() + " in the item");
        }
        if (!value.typeName().equals(attribute.type().name())) {
            throw DynamoException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + attribute.name() + " expected: " + attribute.type() + " actual: " + value.typeName());
        }
        boolean empty = value instanceof AttributeValue.S s
                ? s.value().isEmpty()
                : value instanceof AttributeValue.B b && b.value().length() == 0;
        if (empty) {
            throw DynamoException.validation("One or more parameter values were invalid: The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                    + " value. Key: " + attribute.name());
        }
        return new KeyElement(attribute.name(), value);
    }

    public byte[] encode() {
        BinaryWriter out = new BinaryWriter().writeByte(FORMAT_VERSION);
        write(out);
        return out.toByteArray();
    }

    public static Item decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        in.readVersion("item", FORMAT_VERSION);
        Item item = read(in);
        in.requireEnd("item");
        return item;
    }

    /** Writes the attributes without a version byte, for formats that embed items. */
    void write(BinaryWriter out) {
        out.writeVarLong(attributes.size());
        attributes.forEach((name, value) -> {
            out.writeString(name);
            AttributeValueCodec.write(out, value);
        });
    }

    static Item read(BinaryReader in) {
        int count = in.readVarInt();
        TreeMap<String, AttributeValue> attributes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(in.readString(), AttributeValueCodec.read(in));
        }
        return new Item(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Item other && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return attributes.hashCode();
    }

    @Override
    public String toString() {
        return "Item" + attributes;
    }
}
