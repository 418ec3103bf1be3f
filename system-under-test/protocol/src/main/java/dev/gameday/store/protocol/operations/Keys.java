package dev.gameday.store.protocol.operations;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.KeySchema;
import dev.gameday.store.protocol.PrimaryKey;
import java.util.Map;

/** Reads Key / ExclusiveStartKey parameters: exactly the table's key attributes, with the schema's types. */
final class Keys {
    static final String MISMATCH = "The provided key element does not match the schema";

    private Keys() {}

    static PrimaryKey parse(Map<String, AttributeValue> key, KeySchema schema) {
        int expected = schema.sortKey().isPresent() ? 2 : 1;
        if (key.size() != expected || !key.keySet().stream().allMatch(schema::isKeyAttribute)) {
            throw DynamoException.validation(MISMATCH);
        }
        try {
            return new Item(key).key(schema);
        } catch (DynamoException e) {
            if (e.getMessage().contains("Type mismatch")) {
                throw DynamoException.validation(MISMATCH);
            }
            throw e;
        }
    }

    /** An ExclusiveStartKey: a full primary key, reported with DynamoDB's starting-key wording. */
    static PrimaryKey parseStartKey(Map<String, AttributeValue> key, KeySchema schema) {
        try {
            return parse(key, schema);
        } catch (DynamoException e) {
            throw DynamoException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }
}
