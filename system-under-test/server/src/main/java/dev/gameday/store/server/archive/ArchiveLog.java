package dev.gameday.store.server.archive;

import dev.gameday.store.server.storage.SequencedRecord;
import java.util.List;

/**
 * One replica's archive_log: its applied write entries, numbered by the group's sequence, kept for the archiver.
 * The data state machine implements it; the archiver reads through it so that it needs nothing of the node.
 */
public interface ArchiveLog {
    /** Up to {@code max} records from {@code fromSequence} on, in sequence order; empty when none is that far. */
    List<SequencedRecord> archiveRecords(long fromSequence, int max);
}
