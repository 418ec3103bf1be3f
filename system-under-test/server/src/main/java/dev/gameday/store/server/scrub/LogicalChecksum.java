package dev.gameday.store.server.scrub;

import dev.gameday.store.api.scrub.ItemsChecksum;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a replica's items as (key, canonical item bytes) pairs in key order. Replicas and the reference
 * rebuilt from the archive feed the same pairs in the same order, so equal data gives equal checksums
 * whatever the physical layout (SST files, compaction state) is.
 */
public final class LogicalChecksum {
    private final MessageDigest digest;
    private long items;

    public LogicalChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void add(byte[] key, byte[] value) {
        digest.update(ByteBuffer.allocate(4).putInt(key.length).array());
        digest.update(key);
        digest.update(ByteBuffer.allocate(4).putInt(value.length).array());
        digest.update(value);
        items++;
    }

    public ItemsChecksum finish() {
        return new ItemsChecksum(HexFormat.of().formatHex(digest.digest()), items);
    }
}
