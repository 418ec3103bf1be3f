package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compact binary form of attribute values, shared by every stored format (items, writes, keys in results).
 * One tag byte per value; numbers as their normalised decimal text, so the bytes are canonical.
 */
public final class AttributeValueCodec {
    private static final int S = 1;
    private static final int N = 2;
    private static final int B = 3;
    private static final int BOOL = 4;
    private static final int NULL = 5;
    private static final int M = 6;
    private static final int L = 7;
    private static final int SS = 8;
    private static final int NS = 9;
    private static final int BS = 10;

    private AttributeValueCodec() {}

    public static void write(BinaryWriter out, AttributeValue value) {
        // Java 17 has no pattern switch; the chain covers every permitted subtype of the sealed interface.
        if (value instanceof AttributeValue.S s) {
            out.writeByte(S).writeString(s.value());
        } else if (value instanceof AttributeValue.N n) {
            out.writeByte(N).writeString(n.value().toString());
        } else if (value instanceof AttributeValue.B b) {
            out.writeByte(B).writeBytes(b.value().toByteArray());
        } else if (value instanceof AttributeValue.Bool b) {
            out.writeByte(BOOL).writeBoolean(b.value());
        } else if (value instanceof AttributeValue.Null) {
            out.writeByte(NULL);
        } else if (value instanceof AttributeValue.M m) {
            out.writeByte(M).writeVarLong(m.value().size());
            m.value().forEach((k, v) -> {
                out.writeString(k);
                write(out, v);
            });
        } else if (value instanceof AttributeValue.L l) {
            out.writeByte(L).writeVarLong(l.value().size());
            l.value().forEach(v -> write(out, v));
        } else if (value instanceof AttributeValue.SS ss) {
            out.writeByte(SS).writeVarLong(ss.value().size());
            ss.value().forEach(out::writeString);
        } else if (value instanceof AttributeValue.NS ns) {
            out.writeByte(NS).writeVarLong(ns.value().size());
            ns.value().forEach(n -> out.writeString(n.toString()));
        } else if (value instanceof AttributeValue.BS bs) {
            out.writeByte(BS).writeVarLong(bs.value().size());
            bs.value().forEach(b -> out.writeBytes(b.toByteArray()));
        } else {
            throw new IllegalStateException("unhandled attribute value " + value);
        }
    }

    public static AttributeValue read(BinaryReader in) {
        int tag = in.readByte();
        return switch (tag) {
            case S -> new AttributeValue.S(in.readString());
            case N -> new AttributeValue.N(new BigDecimal(in.readString()));
            case B -> new AttributeValue.B(Binary.of(in.readBytes()));
            case BOOL -> new AttributeValue.Bool(in.readBoolean());
            case NULL -> new AttributeValue.Null();
            case M -> {
                int size = in.readVarInt();
                TreeMap<String, AttributeValue> map = new TreeMap<>();
                for (int i = 0; i < size; i++) {
                    map.put(in.readString(), read(in));
                }
                yield new AttributeValue.M(map);
            }
            case L -> {
                int size = in.readVarInt();
                List<AttributeValue> list = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                yield new AttributeValue.L(list);
            }
            case SS -> {
                int size = in.readVarInt();
                TreeSet<String> set = new TreeSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(in.readString());
                }
                yield new AttributeValue.SS(set);
            }
            case NS -> {
                int size = in.readVarInt();
                TreeSet<BigDecimal> set = new TreeSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(new BigDecimal(in.readString()));
                }
                yield new AttributeValue.NS(set);
            }
            case BS -> {
                int size = in.readVarInt();
                TreeSet<Binary> set = new TreeSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(Binary.of(in.readBytes()));
                }
                yield new AttributeValue.BS(set);
            }
            default -> throw new IllegalArgumentException("unknown attribute value tag " + tag);
        };
    }
}
