package dev.gameday.store.protocol.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.ApiConfig;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.KeyAttribute;
import dev.gameday.store.protocol.KeySchema;
import dev.gameday.store.protocol.ScalarType;
import dev.gameday.store.protocol.StoreBackend;
import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.protocol.Throughput;
import dev.gameday.store.protocol.json.JsonRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** CreateTable, DescribeTable and ListTables. */
public final class TableOperations {
    static final int MAX_PARTITIONS = 256;
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final StoreBackend backend;
    private final ApiConfig config;

    public TableOperations(StoreBackend backend, ApiConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /** The table, or ResourceNotFoundException as DynamoDB reports an unknown table. */
    public static TableDescription require(StoreBackend backend, String tableName) {
        return backend.describeTable(validName(tableName))
                .orElseThrow(() ->
                        new DynamoException(DynamoError.ResourceNotFoundException, "Requested resource not found"));
    }

    public ObjectNode createTable(JsonRequest request) {
        request.rejectUnsupported(
                "CreateTable",
                "GlobalSecondaryIndexes",
                "LocalSecondaryIndexes",
                "StreamSpecification",
                "SSESpecification");
        String name = validName(request.requiredString("TableName"));
        Map<String, ScalarType> definitions = attributeDefinitions(request.objectList("AttributeDefinitions"));
        KeySchema keySchema = keySchema(request.objectList("KeySchema"), definitions);
        TreeMap<String, String> definitionNames = new TreeMap<>();
        definitions.forEach((k, v) -> definitionNames.put(k, v.name()));
        TableDescription requested = new TableDescription(
                name,
                keySchema,
                partitionCount(request),
                config.clock().millis(),
                definitionNames,
                throughput(request));
        TableDescription created = backend.createTable(requested);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("TableDescription", TableJson.render(created, config.region()));
        return response;
    }

    public ObjectNode describeTable(JsonRequest request) {
        TableDescription table = require(backend, request.requiredString("TableName"));
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("Table", TableJson.render(table, config.region()));
        return response;
    }

    public ObjectNode listTables(JsonRequest request) {
        int limit = request.optionalInt("Limit").orElse(100);
        if (limit < 1 || limit > 100) {
            throw DynamoException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
        }
        Optional<String> start = request.optionalString("ExclusiveStartTableName");
        List<String> names = new ArrayList<>(backend.listTables());
        names.sort(null);
        List<String> page = names.stream()
                .filter(n -> start.map(s -> n.compareTo(s) > 0).orElse(true))
                .limit(limit)
                .toList();
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode array = response.putArray("TableNames");
        page.forEach(array::add);
        if (page.size() == limit
                && !page.isEmpty()
                && !page.get(page.size() - 1).equals(names.get(names.size() - 1))) {
            response.put("LastEvaluatedTableName", page.get(page.size() - 1));
        }
        return response;
    }

    private static String validName(String name) {
        if (name.length() < 3 || name.length() > 255) {
            throw DynamoException.validation("1 validation error detected: Value '" + name
                    + "' at 'tableName' failed to" + " satisfy constraint: Member must have length between 3 and 255");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw DynamoException.validation(
                    "1 validation error detected: Value '" + name + "' at 'tableName' failed to"
                            + " satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    private static Map<String, ScalarType> attributeDefinitions(List<JsonRequest> definitions) {
        if (definitions.isEmpty()) {
            throw DynamoException.validation(
                    "1 validation error detected: Value null at 'attributeDefinitions' failed to"
                            + " satisfy constraint: Member must not be null");
        }
        Map<String, ScalarType> result = new TreeMap<>();
        for (JsonRequest d : definitions) {
            String attribute = d.requiredString("AttributeName");
            ScalarType type = ScalarType.parse(d.requiredString("AttributeType"), attribute);
            if (result.put(attribute, type) != null) {
                throw DynamoException.validation("Cannot have two attributes with the same name: " + attribute);
            }
        }
        return result;
    }

    private static KeySchema keySchema(List<JsonRequest> elements, Map<String, ScalarType> definitions) {
        if (elements.isEmpty()) {
            throw DynamoException.validation("1 validation error detected: Value null at 'keySchema' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (elements.size() > 2) {
            throw DynamoException.validation("Too many KeySchemaElements; expected at most 2");
        }
        List<KeyAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String attribute = elements.get(i).requiredString("AttributeName");
            String keyType = elements.get(i).requiredString("KeyType");
            String expected = i == 0 ? "HASH" : "RANGE";
            if (!keyType.equals(expected)) {
                throw DynamoException.validation("Invalid KeySchema: The " + (i == 0 ? "first" : "second")
                        + " KeySchemaElement is not a " + expected + " key type");
            }
            ScalarType type = definitions.get(attribute);
            if (type == null) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: Some index key attributes are"
                                + " not defined in AttributeDefinitions. Keys: [" + attribute
                                + "], AttributeDefinitions: "
                                + definitions.keySet());
            }
            attributes.add(new KeyAttribute(attribute, type));
        }
        if (attributes.size() == 2
                && attributes.get(0).name().equals(attributes.get(1).name())) {
            throw DynamoException.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same" + " name");
        }
        if (definitions.size() != attributes.size()) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Number of attributes in KeySchema"
                            + " does not exactly match number of attributes defined in AttributeDefinitions");
        }
        return new KeySchema(
                attributes.get(0), attributes.size() == 2 ? Optional.of(attributes.get(1)) : Optional.empty());
    }

    private static Throughput throughput(JsonRequest request) {
        String mode = request.optionalString("BillingMode").orElse("PROVISIONED");
        Optional<JsonRequest> provisioned = request.optionalObject("ProvisionedThroughput");
        switch (mode) {
            case "PAY_PER_REQUEST" -> {
                if (provisioned.isPresent()) {
                    throw DynamoException.validation(
                            "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                                    + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
                }
                return Throughput.PAY_PER_REQUEST;
            }
            case "PROVISIONED" -> {
                long read = provisioned
                        .flatMap(p -> p.optionalLong("ReadCapacityUnits"))
                        .orElse(0L);
                long write = provisioned
                        .flatMap(p -> p.optionalLong("WriteCapacityUnits"))
                        .orElse(0L);
                if (read < 1 || write < 1) {
                    throw DynamoException.validation("One or more parameter values were invalid: ReadCapacityUnits and"
                            + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
                }
                return new Throughput(read, write);
            }
            default ->
                throw DynamoException.validation("1 validation error detected: Value '" + mode + "' at"
                        + " 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED,"
                        + " PAY_PER_REQUEST]");
        }
    }

    /** DynamoDB has no partition-count parameter; the tag {@code gameday:partitions} supplies one. */
    private int partitionCount(JsonRequest request) {
        for (JsonRequest tag : request.objectList("Tags")) {
            if (tag.requiredString("Key").equals(ApiConfig.PARTITIONS_TAG)) {
                String value = tag.requiredString("Value");
                try {
                    int count = Integer.parseInt(value);
                    if (count >= 1 && count <= MAX_PARTITIONS) {
                        return count;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw DynamoException.validation(
                        "One or more parameter values were invalid: Tag " + ApiConfig.PARTITIONS_TAG
                                + " must be an integer between 1 and " + MAX_PARTITIONS + ", was '" + value + "'");
            }
        }
        return config.defaultPartitionCount();
    }
}
