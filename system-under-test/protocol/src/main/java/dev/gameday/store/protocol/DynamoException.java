package dev.gameday.store.protocol;

import java.util.Optional;

/**
 * A DynamoDB-style error: rendered as {@code {"__type": ..., "message": ...}} with the error's HTTP status.
 * A failed condition may carry the item as it was, for ReturnValuesOnConditionCheckFailure=ALL_OLD.
 */
public final class DynamoException extends RuntimeException {
    private final DynamoError error;
    private final transient Optional<Item> conditionFailureItem;

    public DynamoException(DynamoError error, String message) {
        this(error, message, Optional.empty());
    }

    public DynamoException(DynamoError error, String message, Optional<Item> conditionFailureItem) {
        super(message);
        this.error = error;
        this.conditionFailureItem = conditionFailureItem;
    }

    public DynamoError error() {
        return error;
    }

    public Optional<Item> conditionFailureItem() {
        return conditionFailureItem;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(DynamoError.ValidationException, message);
    }

    @Override
    public String toString() {
        return error + ": " + getMessage();
    }
}
