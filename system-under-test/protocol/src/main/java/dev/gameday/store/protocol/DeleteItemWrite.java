package dev.gameday.store.protocol;

import java.util.Objects;
import java.util.Optional;

/** DeleteItem: removes the item if the condition holds (deleting an absent item succeeds). */
public record DeleteItemWrite(PrimaryKey key, WriteExpressions expressions) implements ItemWrite {
    public DeleteItemWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expressions, "expressions");
    }

    @Override
    public byte[] encode() {
        return ItemWrites.header(ItemWrites.DELETE, key, expressions).toByteArray();
    }

    @Override
    public WriteResult apply(Optional<Item> current) {
        if (!expressions.conditionHolds(current)) {
            return WriteResult.conditionFailed(current);
        }
        return WriteResult.applied(current, Optional.empty());
    }
}
