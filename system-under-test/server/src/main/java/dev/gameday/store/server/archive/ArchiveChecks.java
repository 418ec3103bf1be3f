package dev.gameday.store.server.archive;

import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.storage.SequencedRecord;
import java.util.ArrayList;
import java.util.List;

/** The checks every archived entry passes, before upload and again when read back. */
final class ArchiveChecks {
    private ArchiveChecks() {}

    /**
     * Checks that the records are numbered {@code expectedFirst, expectedFirst+1, ...} with no hole and that
     * each record's CRC32C matches; returns the decoded writes.
     */
    static List<DataCommand.Write> intactAndContiguous(
            String where, long expectedFirst, List<SequencedRecord> records) {
        List<DataCommand.Write> writes = new ArrayList<>(records.size());
        long expected = expectedFirst;
        for (SequencedRecord r : records) {
            if (r.sequence() != expected) {
                throw new ArchiveValidationException(where + ": expected sequence " + expected + ", found "
                        + r.sequence() + (r.sequence() > expected ? " (hole)" : " (overlap)"));
            }
            DataCommand command;
            try {
                command = DataCommand.decode(Envelope.open(r.record()));
            } catch (RuntimeException e) {
                throw new ArchiveValidationException(
                        where + ": entry " + r.sequence() + " is corrupt: " + e.getMessage());
            }
            if (!(command instanceof DataCommand.Write write)) {
                throw new ArchiveValidationException(where + ": entry " + r.sequence() + " is not a write: " + command);
            }
            writes.add(write);
            expected++;
        }
        return writes;
    }
}
