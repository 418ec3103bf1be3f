package dev.gameday.store.protocol;

import java.util.Optional;

/**
 * A validated write (PutItem, DeleteItem, UpdateItem with optional ConditionExpression). Deterministic:
 * every replica applies the same bytes to the same current item and gets the same result.
 */
public interface ItemWrite {
    PrimaryKey key();

    /** Versioned, compact bytes: first byte a format version, second the kind of write. */
    byte[] encode();

    static ItemWrite decode(byte[] bytes) {
        return ItemWrites.decode(bytes);
    }

    /**
     * Evaluates the condition against current, then computes the new state. Never throws for a failed
     * condition: returns WriteResult with conditionFailed=true and no change.
     */
    WriteResult apply(Optional<Item> current);
}
