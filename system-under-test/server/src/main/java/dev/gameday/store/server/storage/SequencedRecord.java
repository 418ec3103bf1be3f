package dev.gameday.store.server.storage;

/** An archive-log record with the per-group sequence number it was assigned at apply time. */
public record SequencedRecord(long sequence, byte[] record) {}
