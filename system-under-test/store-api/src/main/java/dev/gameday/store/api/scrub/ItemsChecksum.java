package dev.gameday.store.api.scrub;

/** The logical checksum of a replica's items at a scrub marker: the same items give the same sha256 on any node. */
public record ItemsChecksum(String sha256, long items) {}
