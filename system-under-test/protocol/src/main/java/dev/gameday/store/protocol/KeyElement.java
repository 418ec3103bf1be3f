package dev.gameday.store.protocol;

import java.util.Objects;

/** One named part of a primary key, e.g. {@code id = "user-1"}. */
public record KeyElement(String name, AttributeValue value) {
    public KeyElement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        boolean scalar = value instanceof AttributeValue.S
                || value instanceof AttributeValue.N
                || value instanceof AttributeValue.B;
        if (!scalar) {
            throw new IllegalArgumentException("key element " + name + " must be S, N or B, was " + value.typeName());
        }
    }
}
