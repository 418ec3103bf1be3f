package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryWriter;
import java.util.Objects;
import java.util.Optional;

/** PutItem: replaces the whole item if the condition holds. */
public record PutItemWrite(PrimaryKey key, Item item, WriteExpressions expressions) implements ItemWrite {
    public PutItemWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(expressions, "expressions");
    }

    @Override
    public byte[] encode() {
        BinaryWriter out = ItemWrites.header(ItemWrites.PUT, key, expressions);
        item.write(out);
        return out.toByteArray();
    }

    @Override
    public WriteResult apply(Optional<Item> current) {
        if (!expressions.conditionHolds(current)) {
            return WriteResult.conditionFailed(current);
        }
        return WriteResult.applied(current, Optional.of(item));
    }
}
