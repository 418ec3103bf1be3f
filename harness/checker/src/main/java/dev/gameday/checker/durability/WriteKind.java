package dev.gameday.checker.durability;

import java.util.Collection;
import java.util.Objects;

/** How a write shows in a key's value. */
enum WriteKind {
    /** {@code :write}, {@code :put}: the key then holds exactly the written value. */
    REPLACE,
    /** {@code :append}, {@code :add}: the written value is then part of the key's value (substring or element). */
    ELEMENT;

    /** The kind of a function, or null when the function writes nothing. */
    static WriteKind of(String f) {
        return switch (f) {
            case "write", "put" -> REPLACE;
            case "append", "add" -> ELEMENT;
            default -> null;
        };
    }

    /** Whether a value written this way can be seen in {@code keyValue}. */
    boolean visibleIn(Object keyValue, Object written) {
        if (this == REPLACE) {
            return Objects.equals(keyValue, written);
        }
        if (keyValue instanceof Collection<?> elements) {
            return elements.contains(written);
        }
        return keyValue instanceof String s && written instanceof String w && s.contains(w);
    }
}
