package dev.gameday.store.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.storage.SequencedRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveChecksTest {
    private static SequencedRecord record(long seq) {
        byte[] framed = Envelope.seal(new DataCommand.Write("t", 0, new byte[] {1, 2, (byte) seq}).encode())
                .getContent()
                .toByteArray();
        return new SequencedRecord(seq, framed);
    }

    @Test
    void contiguousIntactRecordsPass() {
        List<SequencedRecord> records = List.of(record(5), record(6), record(7));
        assertEquals(3, ArchiveChecks.intactAndContiguous("g", 5, records).size());
        assertEquals(
                records.size(), Segment.decode(Segment.encode(records), "seg").size());
    }

    @Test
    void aHoleInTheSequenceIsRefused() {
        ArchiveValidationException e = assertThrows(
                ArchiveValidationException.class,
                () -> ArchiveChecks.intactAndContiguous("g", 5, List.of(record(5), record(7))));
        assertTrue(e.getMessage().contains("hole"), e.getMessage());
        assertThrows(
                ArchiveValidationException.class, () -> ArchiveChecks.intactAndContiguous("g", 4, List.of(record(5))));
    }

    @Test
    void aCorruptedEntryIsRefused() {
        List<SequencedRecord> records = new ArrayList<>(List.of(record(1), record(2)));
        byte[] bytes = records.get(1).record().clone();
        bytes[bytes.length - 1] ^= 0x40;
        records.set(1, new SequencedRecord(2, bytes));
        ArchiveValidationException e = assertThrows(
                ArchiveValidationException.class, () -> ArchiveChecks.intactAndContiguous("g", 1, records));
        assertTrue(e.getMessage().contains("entry 2 is corrupt"), e.getMessage());
    }

    @Test
    void aTruncatedSegmentIsRefused() {
        byte[] segment = Segment.encode(List.of(record(1), record(2)));
        byte[] truncated = java.util.Arrays.copyOf(segment, segment.length - 3);
        assertThrows(ArchiveValidationException.class, () -> Segment.decode(truncated, "seg"));
    }
}
