package dev.gameday.store.protocol.operations;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.expression.Condition;
import dev.gameday.store.protocol.expression.ExpressionContext;
import dev.gameday.store.protocol.expression.ExpressionParser;
import dev.gameday.store.protocol.expression.Path;
import dev.gameday.store.protocol.expression.UpdateExpression;
import dev.gameday.store.protocol.json.JsonRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expressions of one request and their shared placeholder maps, with DynamoDB's request-level rules:
 * maps must not be empty, may only accompany expressions, keys must look like {@code #x} / {@code :x},
 * and every placeholder must be used ({@link #requireAllUsed()} after parsing them all).
 */
final class RequestExpressions {
    private final JsonRequest request;
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final ExpressionContext context;

    private RequestExpressions(JsonRequest request, Map<String, String> names, Map<String, AttributeValue> values) {
        this.request = request;
        this.names = names;
        this.values = values;
        this.context = new ExpressionContext(names, values);
    }

    /** @param expressionFields the expression parameters this operation accepts, e.g. ConditionExpression */
    static RequestExpressions of(JsonRequest request, String... expressionFields) {
        Optional<Map<String, String>> names = request.optionalStringMap("ExpressionAttributeNames");
        Optional<Map<String, AttributeValue>> values = request.optionalAttributeMap("ExpressionAttributeValues");
        boolean anyExpression = false;
        for (String field : expressionFields) {
            anyExpression |= request.has(field);
        }
        check("ExpressionAttributeNames", names.map(Map::keySet), '#', anyExpression);
        check("ExpressionAttributeValues", values.map(Map::keySet), ':', anyExpression);
        return new RequestExpressions(request, names.orElse(Map.of()), values.orElse(Map.of()));
    }

    private static void check(
            String field, Optional<? extends java.util.Set<String>> keys, char prefix, boolean anyExpression) {
        if (keys.isEmpty()) {
            return;
        }
        if (keys.get().isEmpty()) {
            throw DynamoException.validation(field + " must not be empty");
        }
        if (!anyExpression) {
            throw DynamoException.validation(field + " can only be specified when using expressions");
        }
        for (String key : keys.get()) {
            if (key.length() < 2 || key.charAt(0) != prefix) {
                throw DynamoException.validation(field + " contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    Optional<Condition> condition(String field) {
        return request.optionalString(field).map(text -> ExpressionParser.condition(text, field, context));
    }

    Optional<UpdateExpression> update() {
        return request.optionalString("UpdateExpression").map(text -> ExpressionParser.update(text, context));
    }

    Optional<List<Path>> projection() {
        return request.optionalString("ProjectionExpression").map(text -> ExpressionParser.projection(text, context));
    }

    void requireAllUsed() {
        context.requireAllUsed();
    }

    Map<String, String> names() {
        return names;
    }

    Map<String, AttributeValue> values() {
        return values;
    }
}
