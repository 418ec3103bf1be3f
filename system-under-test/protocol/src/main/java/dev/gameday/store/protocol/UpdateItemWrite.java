package dev.gameday.store.protocol;

import dev.gameday.store.protocol.expression.UpdateExpression;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * UpdateItem: applies the UpdateExpression to the current item, or to an item holding only the key if
 * none exists (UpdateItem creates items, as in DynamoDB), except that an update which only removes
 * (REMOVE / DELETE) leaves an absent item absent, as DynamoDB does.
 */
public record UpdateItemWrite(PrimaryKey key, WriteExpressions expressions) implements ItemWrite {
    public UpdateItemWrite {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expressions, "expressions");
    }

    @Override
    public byte[] encode() {
        return ItemWrites.header(ItemWrites.UPDATE, key, expressions).toByteArray();
    }

    @Override
    public WriteResult apply(Optional<Item> current) {
        if (!expressions.conditionHolds(current)) {
            return WriteResult.conditionFailed(current);
        }
        // Without an UpdateExpression, UpdateItem only makes sure the item exists (DynamoDB does the same).
        UpdateExpression update = expressions
                .parsedUpdate()
                .orElseGet(() -> new UpdateExpression(List.of(), List.of(), List.of(), List.of()));
        if (current.isEmpty() && update.onlyRemoves()) {
            return WriteResult.applied(current, current);
        }
        Item updated;
        try {
            updated = update.apply(current.orElseGet(key::toItem));
        } catch (DynamoException e) {
            return WriteResult.rejected(current, e.getMessage());
        }
        if (updated.sizeBytes() > Item.MAX_SIZE_BYTES) {
            return WriteResult.rejected(current, "Item size to update has exceeded the maximum allowed size");
        }
        return WriteResult.applied(current, Optional.of(updated));
    }
}
