package dev.gameday.store.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to a request body's fields. Malformed JSON and fields of the wrong JSON type are
 * SerializationExceptions, missing required fields ValidationExceptions, each naming the field.
 */
public final class JsonRequest {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode body;

    private JsonRequest(ObjectNode body) {
        this.body = body;
    }

    public static JsonRequest parse(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new DynamoException(
                    DynamoError.SerializationException, "Malformed JSON request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DynamoException(DynamoError.SerializationException, "Unreadable request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DynamoException(DynamoError.SerializationException, "The request body must be a JSON object");
        }
        return new JsonRequest((ObjectNode) node);
    }

    public boolean has(String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    public String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optionalString(String field) {
        return value(field).map(v -> {
            if (!v.isTextual()) {
                throw AttributeValueJson.serialization(field, "a string");
            }
            return v.textValue();
        });
    }

    public Optional<Integer> optionalInt(String field) {
        return value(field).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw AttributeValueJson.serialization(field, "an integer");
            }
            return v.intValue();
        });
    }

    public Optional<Long> optionalLong(String field) {
        return value(field).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw AttributeValueJson.serialization(field, "an integer");
            }
            return v.longValue();
        });
    }

    public Optional<Boolean> optionalBoolean(String field) {
        return value(field).map(v -> {
            if (!v.isBoolean()) {
                throw AttributeValueJson.serialization(field, "a boolean");
            }
            return v.booleanValue();
        });
    }

    public Optional<JsonRequest> optionalObject(String field) {
        return value(field).map(v -> {
            if (!v.isObject()) {
                throw AttributeValueJson.serialization(field, "an object");
            }
            return new JsonRequest((ObjectNode) v);
        });
    }

    public List<JsonRequest> objectList(String field) {
        List<JsonRequest> result = new ArrayList<>();
        value(field).ifPresent(v -> {
            if (!v.isArray()) {
                throw AttributeValueJson.serialization(field, "an array");
            }
            for (JsonNode element : v) {
                if (!element.isObject()) {
                    throw AttributeValueJson.serialization(field + "[]", "an object");
                }
                result.add(new JsonRequest((ObjectNode) element));
            }
        });
        return result;
    }

    public Optional<Map<String, AttributeValue>> optionalAttributeMap(String field) {
        return value(field).map(v -> AttributeValueJson.parseMap(v, field));
    }

    public Map<String, AttributeValue> requiredAttributeMap(String field) {
        return optionalAttributeMap(field).orElseThrow(() -> missing(field));
    }

    public Optional<Map<String, String>> optionalStringMap(String field) {
        return value(field).map(v -> {
            if (!v.isObject()) {
                throw AttributeValueJson.serialization(field, "an object of strings");
            }
            Map<String, String> result = new LinkedHashMap<>();
            v.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw AttributeValueJson.serialization(field + "." + e.getKey(), "a string");
                }
                result.put(e.getKey(), e.getValue().textValue());
            });
            return result;
        });
    }

    /** Fields this store does not implement are rejected, never silently ignored. */
    public void rejectUnsupported(String operation, String... fields) {
        for (String field : fields) {
            if (has(field)) {
                throw DynamoException.validation(
                        "Parameter " + field + " of " + operation + " is not supported by this store");
            }
        }
    }

    private Optional<JsonNode> value(String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** DynamoDB's wording for a missing required member (lower camel case member name). */
    private static DynamoException missing(String field) {
        String member = Character.toLowerCase(field.charAt(0)) + field.substring(1);
        return DynamoException.validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
