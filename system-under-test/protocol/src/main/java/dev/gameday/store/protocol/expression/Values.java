package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import java.util.OptionalInt;

/** Comparisons between attribute values as DynamoDB defines them. */
public final class Values {
    private Values() {}

    /**
     * Orders two values of the same scalar type: numbers numerically, strings by UTF-8 bytes, binary
     * bytewise. Empty for different types or non-scalars, where {@code < <= > >=} and BETWEEN are false.
     */
    public static OptionalInt compare(AttributeValue a, AttributeValue b) {
        if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
            return OptionalInt.of(x.value().compareTo(y.value()));
        }
        if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
            return OptionalInt.of(AttributeValue.UTF8_ORDER.compare(x.value(), y.value()));
        }
        if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
            return OptionalInt.of(x.value().compareTo(y.value()));
        }
        return OptionalInt.empty();
    }

    /** DynamoDB's long type names used in some error messages (e.g. "operand type: STRING"). */
    static String longTypeName(AttributeValue v) {
        return switch (v.typeName()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "NULL" -> "NULL";
            case "M" -> "MAP";
            case "L" -> "LIST";
            case "SS" -> "STRING SET";
            case "NS" -> "NUMBER SET";
            case "BS" -> "BINARY SET";
            default -> v.typeName();
        };
    }
}
