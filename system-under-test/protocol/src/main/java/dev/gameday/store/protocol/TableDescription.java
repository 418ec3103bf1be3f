package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Table definition as stored in the metadata group and returned by DescribeTable. */
public record TableDescription(
        String name,
        KeySchema keySchema,
        int partitionCount,
        long creationEpochMillis,
        Map<String, String> attributeDefinitions /* name -> S|N|B */,
        Throughput throughput) {
    private static final int FORMAT_VERSION = 1;

    public TableDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySchema, "keySchema");
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be >= 1: " + partitionCount);
        }
        attributeDefinitions = Map.copyOf(attributeDefinitions);
        Objects.requireNonNull(throughput, "throughput");
    }

    /** A PAY_PER_REQUEST table. */
    public TableDescription(
            String name,
            KeySchema keySchema,
            int partitionCount,
            long creationEpochMillis,
            Map<String, String> attributeDefinitions) {
        this(name, keySchema, partitionCount, creationEpochMillis, attributeDefinitions, Throughput.PAY_PER_REQUEST);
    }

    /** {@code arn:aws:dynamodb:<region>:000000000000:table/<name>}, as DescribeTable reports it. */
    public String arn(String region) {
        return "arn:aws:dynamodb:" + region + ":000000000000:table/" + name;
    }

    public byte[] encode() {
        BinaryWriter out = new BinaryWriter().writeByte(FORMAT_VERSION).writeString(name);
        writeKeyAttribute(out, keySchema.partitionKey());
        out.writeBoolean(keySchema.sortKey().isPresent());
        keySchema.sortKey().ifPresent(k -> writeKeyAttribute(out, k));
        out.writeVarLong(partitionCount).writeVarLong(creationEpochMillis);
        TreeMap<String, String> sorted = new TreeMap<>(attributeDefinitions);
        out.writeVarLong(sorted.size());
        sorted.forEach((k, v) -> out.writeString(k).writeString(v));
        out.writeVarLong(throughput.readCapacityUnits()).writeVarLong(throughput.writeCapacityUnits());
        return out.toByteArray();
    }

    public static TableDescription decode(byte[] b) {
        BinaryReader in = new BinaryReader(b);
        in.readVersion("table description", FORMAT_VERSION);
        String name = in.readString();
        KeyAttribute partition = readKeyAttribute(in);
        Optional<KeyAttribute> sort = in.readBoolean() ? Optional.of(readKeyAttribute(in)) : Optional.empty();
        int partitionCount = in.readVarInt();
        long created = in.readVarLong();
        int definitions = in.readVarInt();
        TreeMap<String, String> attributeDefinitions = new TreeMap<>();
        for (int i = 0; i < definitions; i++) {
            attributeDefinitions.put(in.readString(), in.readString());
        }
        Throughput throughput = new Throughput(in.readVarLong(), in.readVarLong());
        in.requireEnd("table description");
        return new TableDescription(
                name, new KeySchema(partition, sort), partitionCount, created, attributeDefinitions, throughput);
    }

    private static void writeKeyAttribute(BinaryWriter out, KeyAttribute attribute) {
        out.writeString(attribute.name()).writeString(attribute.type().name());
    }

    private static KeyAttribute readKeyAttribute(BinaryReader in) {
        return new KeyAttribute(in.readString(), ScalarType.valueOf(in.readString()));
    }
}
