package dev.gameday.store.api.scrub;

/**
 * One replica's scrub of one group at a scrub marker: the marker's Raft index and the last sequence number it
 * covers, the logical checksum of the items there, and whether RocksDB's own block checksums verified.
 * {@code storageError} is null when storage verified clean.
 */
public record ReplicaScrubResult(
        String group,
        String replica,
        String scrubId,
        long markerIndex,
        long sequence,
        String sha256,
        long items,
        boolean storageOk,
        String storageError) {}
