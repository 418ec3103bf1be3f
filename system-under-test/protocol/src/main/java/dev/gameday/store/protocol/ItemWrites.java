package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import java.util.Optional;

/** The shared binary frame of all {@link ItemWrite}s: version, kind, key, expressions, kind-specific payload. */
final class ItemWrites {
    static final int FORMAT_VERSION = 1;
    static final int PUT = 1;
    static final int DELETE = 2;
    static final int UPDATE = 3;

    private ItemWrites() {}

    static BinaryWriter header(int kind, PrimaryKey key, WriteExpressions expressions) {
        BinaryWriter out = new BinaryWriter().writeByte(FORMAT_VERSION).writeByte(kind);
        writeKeyElement(out, key.partition());
        out.writeBoolean(key.sort().isPresent());
        key.sort().ifPresent(s -> writeKeyElement(out, s));
        expressions.write(out);
        return out;
    }

    static ItemWrite decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        in.readVersion("item write", FORMAT_VERSION);
        int kind = in.readByte();
        KeyElement partition = readKeyElement(in);
        PrimaryKey key =
                new PrimaryKey(partition, in.readBoolean() ? Optional.of(readKeyElement(in)) : Optional.empty());
        WriteExpressions expressions = WriteExpressions.read(in);
        ItemWrite write = switch (kind) {
            case PUT -> new PutItemWrite(key, Item.read(in), expressions);
            case DELETE -> new DeleteItemWrite(key, expressions);
            case UPDATE -> new UpdateItemWrite(key, expressions);
            default -> throw new IllegalArgumentException("unknown item write kind " + kind);
        };
        in.requireEnd("item write");
        return write;
    }

    private static void writeKeyElement(BinaryWriter out, KeyElement element) {
        out.writeString(element.name());
        AttributeValueCodec.write(out, element.value());
    }

    private static KeyElement readKeyElement(BinaryReader in) {
        return new KeyElement(in.readString(), AttributeValueCodec.read(in));
    }
}
