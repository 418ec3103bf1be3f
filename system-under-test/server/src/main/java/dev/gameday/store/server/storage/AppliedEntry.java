package dev.gameday.store.server.storage;

import java.util.Optional;

/**
 * The effect of applying one log entry to a replica. {@code itemKey} is null for entries that change no item
 * (scrub markers, refused entries); {@code archiveRecord} is null for entries that are not archived.
 */
public record AppliedEntry(
        long raftIndex, long sequence, byte[] itemKey, Optional<byte[]> newItem, byte[] archiveRecord) {
    public static AppliedEntry indexOnly(long raftIndex, long sequence) {
        return new AppliedEntry(raftIndex, sequence, null, Optional.empty(), null);
    }
}
