package dev.gameday.store.server.scrub;

import dev.gameday.store.api.scrub.ItemsChecksum;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.protocol.WriteResult;
import dev.gameday.store.server.message.DataCommand;
import dev.gameday.store.server.message.Envelope;
import dev.gameday.store.server.storage.ItemStore;
import dev.gameday.store.server.storage.SequencedRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A replica rebuilt in memory from archived entries: the same keys and the same deterministic
 * {@link ItemWrite#apply} as a live replica, so its logical checksum is what every replica must have.
 */
public final class ReferenceReplica {
    private final TreeMap<byte[], byte[]> items = new TreeMap<>(Arrays::compareUnsigned);

    /** Rebuilds from the archived records with sequence numbers 1..{@code upToSequence}. */
    public static ReferenceReplica rebuild(List<SequencedRecord> archived, long upToSequence) {
        ReferenceReplica r = new ReferenceReplica();
        for (SequencedRecord record : archived) {
            if (record.sequence() > upToSequence) {
                break;
            }
            r.apply((DataCommand.Write) DataCommand.decode(Envelope.open(record.record())));
        }
        return r;
    }

    private void apply(DataCommand.Write command) {
        ItemWrite write = ItemWrite.decode(command.itemWrite());
        byte[] key = ItemStore.itemKey(
                command.table(), command.partition(), write.key().storageKey());
        WriteResult result;
        try {
            result = write.apply(Optional.ofNullable(items.get(key)).map(Item::decode));
        } catch (RuntimeException e) {
            return; // A replica answered this entry with an error and changed nothing; so does the reference.
        }
        if (result.changed()) {
            if (result.newItem().isPresent()) {
                items.put(key, result.newItem().get().encode());
            } else {
                items.remove(key);
            }
        }
    }

    public ItemsChecksum checksum() {
        LogicalChecksum c = new LogicalChecksum();
        items.forEach(c::add);
        return c.finish();
    }
}
