package dev.gameday.store.protocol;

import dev.gameday.store.protocol.codec.BinaryReader;
import dev.gameday.store.protocol.codec.BinaryWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of applying an {@link ItemWrite} to the current item.
 *
 * @param conditionFailed the ConditionExpression evaluated false: nothing changed
 * @param newItem the item after the write (empty = absent); equals the current item when nothing changed
 * @param oldItem the item before the write (empty = was absent)
 * @param validationError an update that turned out invalid against the stored item (e.g. adding a number to a
 *     string, or growing the item past 400 KB): nothing changed and the caller gets a ValidationException
 *     with this message. Deterministic, so every replica reaches the same verdict.
 */
public record WriteResult(
        boolean conditionFailed, Optional<Item> newItem, Optional<Item> oldItem, Optional<String> validationError) {
    private static final int FORMAT_VERSION = 1;

    public WriteResult {
        Objects.requireNonNull(newItem, "newItem");
        Objects.requireNonNull(oldItem, "oldItem");
        Objects.requireNonNull(validationError, "validationError");
    }

    public WriteResult(boolean conditionFailed, Optional<Item> newItem, Optional<Item> oldItem) {
        this(conditionFailed, newItem, oldItem, Optional.empty());
    }

    public static WriteResult applied(Optional<Item> oldItem, Optional<Item> newItem) {
        return new WriteResult(false, newItem, oldItem, Optional.empty());
    }

    public static WriteResult conditionFailed(Optional<Item> current) {
        return new WriteResult(true, current, current, Optional.empty());
    }

    public static WriteResult rejected(Optional<Item> current, String message) {
        return new WriteResult(false, current, current, Optional.of(message));
    }

    /** True if the stored state changes (the backend may skip writing otherwise). */
    public boolean changed() {
        return !conditionFailed && validationError.isEmpty();
    }

    public byte[] encode() {
        BinaryWriter out = new BinaryWriter().writeByte(FORMAT_VERSION).writeBoolean(conditionFailed);
        writeOptionalItem(out, newItem);
        writeOptionalItem(out, oldItem);
        out.writeBoolean(validationError.isPresent());
        validationError.ifPresent(out::writeString);
        return out.toByteArray();
    }

    public static WriteResult decode(byte[] b) {
        BinaryReader in = new BinaryReader(b);
        in.readVersion("write result", FORMAT_VERSION);
        boolean conditionFailed = in.readBoolean();
        Optional<Item> newItem = readOptionalItem(in);
        Optional<Item> oldItem = readOptionalItem(in);
        Optional<String> error = in.readBoolean() ? Optional.of(in.readString()) : Optional.empty();
        in.requireEnd("write result");
        return new WriteResult(conditionFailed, newItem, oldItem, error);
    }

    static void writeOptionalItem(BinaryWriter out, Optional<Item> item) {
        out.writeBoolean(item.isPresent());
        item.ifPresent(i -> i.write(out));
    }

    static Optional<Item> readOptionalItem(BinaryReader in) {
        return in.readBoolean() ? Optional.of(Item.read(in)) : Optional.empty();
    }
}
