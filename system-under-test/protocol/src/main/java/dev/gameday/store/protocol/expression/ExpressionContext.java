package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all its
 * expressions. Records which placeholders were used so that unused ones can be rejected, as DynamoDB does.
 */
public final class ExpressionContext {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new TreeSet<>();
    private final Set<String> usedValues = new TreeSet<>();

    public ExpressionContext(Map<String, String> names, Map<String, AttributeValue> values) {
        this.names = Map.copyOf(names);
        this.values = Map.copyOf(values);
    }

    public static ExpressionContext empty() {
        return new ExpressionContext(Map.of(), Map.of());
    }

    String resolveName(String placeholder, String kind) {
        String name = names.get(placeholder);
        if (name == null) {
            throw ExpressionErrors.invalid(
                    kind,
                    "An expression attribute name used in the document path is not defined;" + " attribute name: "
                            + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    AttributeValue resolveValue(String placeholder, String kind) {
        AttributeValue value = values.get(placeholder);
        if (value == null) {
            throw ExpressionErrors.invalid(
                    kind,
                    "An expression attribute value used in expression is not defined;" + " attribute value: "
                            + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Call after parsing every expression of the request: unused placeholders are a ValidationException. */
    public void requireAllUsed() {
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoException.validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                            + String.join(", ", unusedValues) + "}");
        }
    }
}
