package dev.gameday.store.protocol.operations;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.KeyAttribute;
import dev.gameday.store.protocol.TableDescription;
import java.math.BigDecimal;
import java.util.TreeMap;

/** Renders a table as DynamoDB's TableDescription structure. */
final class TableJson {
    private TableJson() {}

    static ObjectNode render(TableDescription table, String region) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("TableName", table.name());
        node.put("TableArn", table.arn(region));
        node.put("TableStatus", "ACTIVE");
        // DynamoDB sends CreationDateTime as epoch seconds with a fraction.
        node.put(
                "CreationDateTime",
                BigDecimal.valueOf(table.creationEpochMillis()).movePointLeft(3));
        ArrayNode keySchema = node.putArray("KeySchema");
        keySchema.add(keyElement(table.keySchema().partitionKey(), "HASH"));
        table.keySchema().sortKey().ifPresent(k -> keySchema.add(keyElement(k, "RANGE")));
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        new TreeMap<>(table.attributeDefinitions())
                .forEach((name, type) ->
                        definitions.addObject().put("AttributeName", name).put("AttributeType", type));
        // Item counts are approximate in DynamoDB (updated every ~6 hours); this store does not track them.
        node.put("ItemCount", 0);
        node.put("TableSizeBytes", 0);
        ObjectNode throughput = node.putObject("ProvisionedThroughput");
        throughput.put("NumberOfDecreasesToday", 0);
        throughput.put("ReadCapacityUnits", table.throughput().readCapacityUnits());
        throughput.put("WriteCapacityUnits", table.throughput().writeCapacityUnits());
        node.putObject("BillingModeSummary")
                .put("BillingMode", table.throughput().isPayPerRequest() ? "PAY_PER_REQUEST" : "PROVISIONED");
        return node;
    }

    private static ObjectNode keyElement(KeyAttribute attribute, String keyType) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("AttributeName", attribute.name())
                .put("KeyType", keyType);
    }
}
