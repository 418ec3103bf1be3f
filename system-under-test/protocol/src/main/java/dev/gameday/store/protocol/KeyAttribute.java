package dev.gameday.store.protocol;

import java.util.Objects;

/** One key attribute of a table: its name and scalar type. */
public record KeyAttribute(String name, ScalarType type) {
    public KeyAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
