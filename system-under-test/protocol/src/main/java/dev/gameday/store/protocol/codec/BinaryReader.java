package dev.gameday.store.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote; truncated or corrupt input is an IllegalArgumentException saying where. */
public final class BinaryReader {
    private final byte[] data;
    private int position;

    public BinaryReader(byte[] data) {
        this.data = data;
    }

    public int readByte() {
        require(1);
        return data[position++] & 0xFF;
    }

    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits at offset " + position);
    }

    public int readVarInt() {
        long v = readVarLong();
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length " + v + " too large at offset " + position);
        }
        return (int) v;
    }

    public byte[] readBytes() {
        int length = readVarInt();
        require(length);
        byte[] result = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return result;
    }

    public String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new IllegalArgumentException("bad boolean byte " + b + " at offset " + (position - 1));
        }
        return b == 1;
    }

    /** Format versions come first so a newer reader can accept older data before newer writers exist. */
    public int readVersion(String what, int newestKnown) {
        int version = readByte();
        if (version < 1 || version > newestKnown) {
            throw new IllegalArgumentException(what + " format version " + version + " is not readable by this build"
                    + " (knows 1.." + newestKnown + ")");
        }
        return version;
    }

    public void requireEnd(String what) {
        if (position != data.length) {
            throw new IllegalArgumentException(what + ": " + (data.length - position) + " trailing bytes");
        }
    }

    private void require(int n) {
        if (n < 0 || position + n > data.length) {
            throw new IllegalArgumentException(
                    "truncated data: need " + n + " bytes at offset " + position + " of " + data.length);
        }
    }
}
