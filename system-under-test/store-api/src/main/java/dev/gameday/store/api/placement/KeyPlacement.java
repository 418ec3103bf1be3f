package dev.gameday.store.api.placement;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which partition of a table holds a partition-key value: the first four bytes of the MD5 of the value's key
 * encoding, modulo the table's partition count. It is part of the store's contract rather than its server so that
 * a client can tell which replication group a key lives in without asking: the harness uses it to spread its hot
 * register keys over every group (a group none of them lands in never has its reads checked for linearizability).
 */
public final class KeyPlacement {

    private KeyPlacement() {}

    /** The partition, in {@code [0, partitionCount)}, of a partition key whose key encoding is {@code encodedKey}. */
    public static int partitionOf(byte[] encodedKey, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be >= 1: " + partitionCount);
        }
        return Math.floorMod(ByteBuffer.wrap(md5(encodedKey)).getInt(), partitionCount);
    }

    /** The partition of a string partition key (DynamoDB type S). */
    public static int partitionOfString(String key, int partitionCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(key.length() + 2);
        encodeByteString(key.getBytes(StandardCharsets.UTF_8), out);
        return partitionOf(out.toByteArray(), partitionCount);
    }

    /**
     * The key encoding of a string (as UTF-8) or binary value: its bytes with 0x00 escaped as 0x00 0xFF, then the
     * terminator 0x00 0x01. Order-preserving and prefix-free, which the storage key's layout relies on.
     */
    public static void encodeByteString(byte[] bytes, ByteArrayOutputStream out) {
        for (byte b : bytes) {
            out.write(b);
            if (b == 0) {
                out.write(0xFF);
            }
        }
        out.write(0x00);
        out.write(0x01);
    }

    private static byte[] md5(byte[] bytes) {
        try {
            return MessageDigest.getInstance("MD5").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
