package dev.gameday.store.protocol;

import java.util.Objects;
import java.util.Optional;

/** A table's primary key: a partition (HASH) key and an optional sort (RANGE) key. */
public record KeySchema(KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
    public KeySchema {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
    }

    public static KeySchema hashOnly(String name, ScalarType type) {
        return new KeySchema(new KeyAttribute(name, type), Optional.empty());
    }

    public static KeySchema hashAndRange(String hashName, ScalarType hashType, String rangeName, ScalarType rangeType) {
        return new KeySchema(new KeyAttribute(hashName, hashType), Optional.of(new KeyAttribute(rangeName, rangeType)));
    }

    public boolean isKeyAttribute(String attributeName) {
        return partitionKey.name().equals(attributeName)
                || sortKey.map(k -> k.name().equals(attributeName)).orElse(false);
    }
}
