package dev.gameday.faultproxy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.faultproxy.ApiException;
import dev.gameday.faultproxy.ProxySettings;
import dev.gameday.faultproxy.ProxyState;
import dev.gameday.faultproxy.toxic.StreamDirection;
import dev.gameday.faultproxy.toxic.ToxicSpec;
import dev.gameday.faultproxy.toxic.ToxicType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Toxiproxy's JSON shapes, both ways. Parsing checks every field's type and names the offending
 * field in a "bad request body: ..." error; omitted fields take Toxiproxy's defaults.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a request body; an empty one is Go's "EOF" error. */
    public static JsonNode parse(byte[] body) throws ApiException {
        if (body.length == 0) {
            throw ApiException.badRequestBody("EOF");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequestBody(e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.badRequestBody(e.getMessage());
        }
    }

    public static ObjectNode proxy(ProxyState proxy) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", proxy.name());
        node.put("listen", proxy.listen());
        node.put("upstream", proxy.upstream());
        node.put("enabled", proxy.enabled());
        node.set("toxics", toxics(proxy.toxics()));
        return node;
    }

    public static ArrayNode proxies(List<ProxyState> proxies) {
        ArrayNode array = MAPPER.createArrayNode();
        proxies.forEach(proxy -> array.add(proxy(proxy)));
        return array;
    }

    public static ArrayNode toxics(List<ToxicSpec> toxics) {
        ArrayNode array = MAPPER.createArrayNode();
        toxics.forEach(toxic -> array.add(toxic(toxic)));
        return array;
    }

    public static ObjectNode toxic(ToxicSpec toxic) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        toxic.attributes().forEach(attributes::put);
        node.put("name", toxic.name());
        node.put("type", toxic.type().wireName());
        node.put("stream", toxic.stream().wireName());
        node.put("toxicity", toxic.toxicity());
        return node;
    }

    /** A proxy for POST /proxies: name and upstream are required, enabled defaults to true. */
    public static ProxySettings newProxy(JsonNode body) throws ApiException {
        return newProxy(object(body), "");
    }

    /** The proxies of a /populate body (an array), checked as a whole before anything changes. */
    public static List<ProxySettings> populateList(JsonNode body) throws ApiException {
        if (!body.isArray()) {
            throw ApiException.badRequestBody("expected a JSON array of proxies");
        }
        List<ProxySettings> proxies = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            proxies.add(newProxy(object(body.get(i)), " at proxy " + (i + 1)));
        }
        return proxies;
    }

    /** A partial proxy update: fields present replace the current ones. */
    public static ProxySettings updatedProxy(ProxySettings current, JsonNode body) throws ApiException {
        ObjectNode input = object(body);
        return new ProxySettings(
                current.name(),
                text(input, "listen", current.listen()),
                text(input, "upstream", current.upstream()),
                bool(input, "enabled", current.enabled()));
    }

    /** A new toxic, checked in Toxiproxy's order: stream, type, then attributes. */
    public static ToxicSpec newToxic(JsonNode body) throws ApiException {
        ObjectNode input = object(body);
        StreamDirection stream = StreamDirection.parse(text(input, "stream", "downstream"))
                .orElseThrow(() -> new ApiException(400, "stream was invalid, can be either upstream or downstream"));
        String typeName = text(input, "type", "");
        String name = text(input, "name", "");
        if (name.isEmpty()) {
            name = typeName + "_" + stream.wireName();
        }
        ToxicType type = ToxicType.parse(typeName).orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        return new ToxicSpec(name, type, stream, toxicity(input, 1.0f), attributes(input, type));
    }

    /** A toxic update: only attributes and toxicity change; omitted attributes keep their values. */
    public static ToxicSpec updatedToxic(ToxicSpec current, JsonNode body) throws ApiException {
        ObjectNode input = object(body);
        return current.withSettings(attributes(input, current.type()), toxicity(input, current.toxicity()));
    }

    private static ProxySettings newProxy(ObjectNode input, String position) throws ApiException {
        String name = text(input, "name", "");
        if (name.isEmpty()) {
            throw ApiException.missingField("name" + position);
        }
        String upstream = text(input, "upstream", "");
        if (upstream.isEmpty()) {
            throw ApiException.missingField("upstream" + position);
        }
        // Go listens on every interface for an empty address; loopback is the safer reading here.
        String listen = text(input, "listen", "127.0.0.1:0");
        return new ProxySettings(
                name, listen.isEmpty() ? "127.0.0.1:0" : listen, upstream, bool(input, "enabled", true));
    }

    private static Map<String, Long> attributes(ObjectNode input, ToxicType type) throws ApiException {
        Map<String, Long> attributes = new TreeMap<>();
        JsonNode node = input.get("attributes");
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isObject()) {
            throw ApiException.badRequestBody("attributes must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String attribute = field.getKey();
            if (!type.attributeNames().contains(attribute)) {
                throw ApiException.badRequestBody("unknown attribute " + attribute + " for toxic type "
                        + type.wireName() + " (known: " + type.attributeNames() + ")");
            }
            JsonNode value = field.getValue();
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw ApiException.badRequestBody("attribute " + attribute + " must be an integer, got " + value);
            }
            if (value.asLong() < 0) {
                throw ApiException.badRequestBody("attribute " + attribute + " must not be negative, got " + value);
            }
            attributes.put(attribute, value.asLong());
        }
        return attributes;
    }

    private static float toxicity(ObjectNode input, float fallback) throws ApiException {
        JsonNode node = input.get("toxicity");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1) {
            throw ApiException.badRequestBody("toxicity must be a number from 0 to 1, got " + node);
        }
        return node.floatValue();
    }

    private static ObjectNode object(JsonNode body) throws ApiException {
        if (!(body instanceof ObjectNode object)) {
            throw ApiException.badRequestBody(
                    "expected a JSON object, got " + body.getNodeType().name().toLowerCase());
        }
        return object;
    }

    private static String text(ObjectNode input, String field, String fallback) throws ApiException {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequestBody("field " + field + " must be a string, got " + node);
        }
        return node.textValue();
    }

    private static boolean bool(ObjectNode input, String field, boolean fallback) throws ApiException {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequestBody("field " + field + " must be true or false, got " + node);
        }
        return node.booleanValue();
    }
}
