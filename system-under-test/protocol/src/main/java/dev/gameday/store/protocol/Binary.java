package dev.gameday.store.protocol;

import java.util.Arrays;
import java.util.Base64;

/** Immutable bytes with value equality and DynamoDB's ordering (unsigned, bytewise). */
public final class Binary implements Comparable<Binary> {
    private final byte[] bytes;

    private Binary(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Binary of(byte[] bytes) {
        return new Binary(bytes.clone());
    }

    public static Binary fromBase64(String base64) {
        return new Binary(Base64.getDecoder().decode(base64));
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public boolean startsWith(Binary prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    public boolean contains(Binary part) {
        for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.bytes.length, part.bytes, 0, part.bytes.length)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int compareTo(Binary other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binary b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Binary[" + base64() + "]";
    }
}
