package dev.gameday.store.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Appends the compact primitives all stored formats are built from: bytes, unsigned varints, length-prefixed data. */
public final class BinaryWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    public BinaryWriter writeByte(int b) {
        out.write(b);
        return this;
    }

    /** Unsigned LEB128: small counts and lengths take one byte. */
    public BinaryWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint must not be negative: " + value);
        }
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    public BinaryWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    public BinaryWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public BinaryWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
