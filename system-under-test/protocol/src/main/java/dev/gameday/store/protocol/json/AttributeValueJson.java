package dev.gameday.store.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.Binary;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Numbers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * DynamoDB's JSON form of attribute values ({@code {"S": "x"}}, {@code {"N": "1.5"}}, {@code {"SS": [...]}} ...)
 * in both directions. Parsing validates as DynamoDB does: exactly one type per value, NULL must be true,
 * sets non-empty and without duplicates, numbers within DynamoDB's range, at most 32 levels of nesting.
 */
public final class AttributeValueJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_NESTING = 32;

    private AttributeValueJson() {}

    /** Parses an attribute map such as PutItem's Item or GetItem's Key; {@code field} names it in errors. */
    public static Map<String, AttributeValue> parseMap(JsonNode node, String field) {
        if (!node.isObject()) {
            throw serialization(field, "an object of attribute values");
        }
        Map<String, AttributeValue> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().isEmpty()) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: An AttributeValue may not contain an empty attribute name");
            }
            result.put(e.getKey(), parse(e.getValue(), field + "." + e.getKey(), 1));
        }
        return result;
    }

    private static AttributeValue parse(JsonNode node, String field, int depth) {
        if (depth > MAX_NESTING) {
            throw DynamoException.validation("Nesting Levels have exceeded supported limits");
        }
        if (!node.isObject()) {
            throw serialization(field, "an attribute value object such as {\"S\": \"text\"}");
        }
        if (node.size() == 0) {
            throw DynamoException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw DynamoException.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly"
                            + " one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String type = only.getKey();
        JsonNode v = only.getValue();
        String at = field + "." + type;
        return switch (type) {
            case "S" -> new AttributeValue.S(text(v, at));
            case "N" -> new AttributeValue.N(Numbers.parse(text(v, at)));
            case "B" -> new AttributeValue.B(binary(v, at));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw serialization(at, "a boolean");
                }
                yield new AttributeValue.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean()) {
                    throw serialization(at, "a boolean");
                }
                if (!v.booleanValue()) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Null attribute value types must have the value of true");
                }
                yield new AttributeValue.Null();
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw serialization(at, "an object");
                }
                TreeMap<String, AttributeValue> map = new TreeMap<>();
                v.properties().forEach(e -> map.put(e.getKey(), parse(e.getValue(), at + "." + e.getKey(), depth + 1)));
                yield new AttributeValue.M(map);
            }
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : array(v, at)) {
                    list.add(parse(element, at + "[]", depth + 1));
                }
                yield new AttributeValue.L(list);
            }
            case "SS" -> new AttributeValue.SS(set(v, at, e -> text(e, at), new TreeSet<>(AttributeValue.UTF8_ORDER)));
            case "NS" -> new AttributeValue.NS(set(v, at, e -> Numbers.parse(text(e, at)), new TreeSet<BigDecimal>()));
            case "BS" -> new AttributeValue.BS(set(v, at, e -> binary(e, at), new TreeSet<Binary>()));
            default ->
                throw new DynamoException(
                        DynamoError.SerializationException, "Unknown attribute value type '" + type + "' at " + field);
        };
    }

    private static <T> TreeSet<T> set(JsonNode v, String field, Function<JsonNode, T> element, TreeSet<T> into) {
        List<String> raw = new ArrayList<>();
        for (JsonNode e : array(v, field)) {
            into.add(element.apply(e));
            raw.add(e.asText());
        }
        if (into.size() != raw.size()) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Input collection " + raw + " contains duplicates.");
        }
        return into;
    }

    private static ArrayNode array(JsonNode v, String field) {
        if (!v.isArray()) {
            throw serialization(field, "an array");
        }
        return (ArrayNode) v;
    }

    private static String text(JsonNode v, String field) {
        if (!v.isTextual()) {
            throw serialization(field, "a string");
        }
        return v.textValue();
    }

    private static Binary binary(JsonNode v, String field) {
        try {
            return Binary.fromBase64(text(v, field));
        } catch (IllegalArgumentException e) {
            throw new DynamoException(DynamoError.SerializationException, "Invalid base64 binary value at " + field);
        }
    }

    static DynamoException serialization(String field, String expected) {
        return new DynamoException(
                DynamoError.SerializationException,
                "Unexpected value type in payload: " + field + " must be " + expected);
    }

    // ---- rendering ----

    public static ObjectNode render(Map<String, AttributeValue> attributes) {
        ObjectNode node = NODES.objectNode();
        attributes.forEach((name, value) -> node.set(name, render(value)));
        return node;
    }

    public static ObjectNode render(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof AttributeValue.S s) {
            node.put("S", s.value());
        } else if (value instanceof AttributeValue.N n) {
            node.put("N", Numbers.toWire(n.value()));
        } else if (value instanceof AttributeValue.B b) {
            node.put("B", b.value().base64());
        } else if (value instanceof AttributeValue.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof AttributeValue.Null) {
            node.put("NULL", true);
        } else if (value instanceof AttributeValue.M m) {
            node.set("M", render(m.value()));
        } else if (value instanceof AttributeValue.L l) {
            ArrayNode array = node.putArray("L");
            l.value().forEach(v -> array.add(render(v)));
        } else if (value instanceof AttributeValue.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.value().forEach(array::add);
        } else if (value instanceof AttributeValue.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.value().forEach(n -> array.add(Numbers.toWire(n)));
        } else if (value instanceof AttributeValue.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.value().forEach(b -> array.add(b.base64()));
        } else {
            throw new IllegalStateException("unhandled attribute value " + value);
        }
        return node;
    }
}
