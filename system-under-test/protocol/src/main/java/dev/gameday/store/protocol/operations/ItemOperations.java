package dev.gameday.store.protocol.operations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.DeleteItemWrite;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import dev.gameday.store.protocol.ItemWrite;
import dev.gameday.store.protocol.PrimaryKey;
import dev.gameday.store.protocol.PutItemWrite;
import dev.gameday.store.protocol.StoreBackend;
import dev.gameday.store.protocol.TableDescription;
import dev.gameday.store.protocol.UpdateItemWrite;
import dev.gameday.store.protocol.WriteExpressions;
import dev.gameday.store.protocol.WriteResult;
import dev.gameday.store.protocol.expression.Path;
import dev.gameday.store.protocol.expression.Projection;
import dev.gameday.store.protocol.expression.UpdateExpression;
import dev.gameday.store.protocol.json.AttributeValueJson;
import dev.gameday.store.protocol.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * PutItem, GetItem, DeleteItem and UpdateItem. Every check against the request and the table schema runs
 * before the backend sees the write; only checks that need the stored item run inside the write.
 */
public final class ItemOperations {
    private static final String[] LEGACY_WRITE_PARAMETERS = {"Expected", "ConditionalOperator", "AttributeUpdates"};
    private static final List<String> PUT_DELETE_RETURN_VALUES = List.of("NONE", "ALL_OLD");
    private static final List<String> UPDATE_RETURN_VALUES =
            List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

    private final StoreBackend backend;

    public ItemOperations(StoreBackend backend) {
        this.backend = backend;
    }

    public ObjectNode putItem(JsonRequest request) {
        request.rejectUnsupported("PutItem", LEGACY_WRITE_PARAMETERS);
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        Item item = new Item(request.requiredAttributeMap("Item"));
        PrimaryKey key = item.key(table.keySchema());
        if (item.sizeBytes() > Item.MAX_SIZE_BYTES) {
            throw DynamoException.validation("Item size has exceeded the maximum allowed size");
        }
        RequestExpressions expressions = RequestExpressions.of(request, "ConditionExpression");
        expressions.condition("ConditionExpression");
        expressions.requireAllUsed();
        String returnValues =
                returnValues(request, PUT_DELETE_RETURN_VALUES, "ReturnValues can only be ALL_OLD or NONE");
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        WriteResult result =
                write(table, new PutItemWrite(key, item, writeExpressions(request, expressions, false)), oldOnFailure);
        return attributes(returnValues.equals("ALL_OLD") ? result.oldItem() : Optional.empty());
    }

    public ObjectNode getItem(JsonRequest request) {
        request.rejectUnsupported("GetItem", "AttributesToGet");
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        PrimaryKey key = Keys.parse(request.requiredAttributeMap("Key"), table.keySchema());
        RequestExpressions expressions = RequestExpressions.of(request, "ProjectionExpression");
        Optional<List<Path>> projection = expressions.projection();
        expressions.requireAllUsed();
        boolean consistent = request.optionalBoolean("ConsistentRead").orElse(false);
        Optional<Item> item = backend.getItem(table, key, consistent);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        item.map(i -> projection.map(p -> Projection.project(i, p)).orElse(i))
                .ifPresent(i -> response.set("Item", AttributeValueJson.render(i.attributes())));
        return response;
    }

    public ObjectNode deleteItem(JsonRequest request) {
        request.rejectUnsupported("DeleteItem", LEGACY_WRITE_PARAMETERS);
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        PrimaryKey key = Keys.parse(request.requiredAttributeMap("Key"), table.keySchema());
        RequestExpressions expressions = RequestExpressions.of(request, "ConditionExpression");
        expressions.condition("ConditionExpression");
        expressions.requireAllUsed();
        String returnValues =
                returnValues(request, PUT_DELETE_RETURN_VALUES, "ReturnValues can only be ALL_OLD or NONE");
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        WriteResult result =
                write(table, new DeleteItemWrite(key, writeExpressions(request, expressions, false)), oldOnFailure);
        return attributes(returnValues.equals("ALL_OLD") ? result.oldItem() : Optional.empty());
    }

    public ObjectNode updateItem(JsonRequest request) {
        request.rejectUnsupported("UpdateItem", LEGACY_WRITE_PARAMETERS);
        TableDescription table = TableOperations.require(backend, request.requiredString("TableName"));
        PrimaryKey key = Keys.parse(request.requiredAttributeMap("Key"), table.keySchema());
        RequestExpressions expressions = RequestExpressions.of(request, "UpdateExpression", "ConditionExpression");
        UpdateExpression update =
                expressions.update().orElseGet(() -> new UpdateExpression(List.of(), List.of(), List.of(), List.of()));
        expressions.condition("ConditionExpression");
        expressions.requireAllUsed();
        for (Path path : update.paths()) {
            if (table.keySchema().isKeyAttribute(path.topLevelName())) {
                throw DynamoException.validation("One or more parameter values were invalid: Cannot update attribute "
                        + path.topLevelName() + ". This attribute is part of the key");
            }
        }
        String returnValues = returnValues(
                request,
                UPDATE_RETURN_VALUES,
                "1 validation error detected: Value '%s' at"
                        + " 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: "
                        + UPDATE_RETURN_VALUES);
        boolean oldOnFailure = returnOldOnConditionFailure(request);
        WriteResult result =
                write(table, new UpdateItemWrite(key, writeExpressions(request, expressions, true)), oldOnFailure);
        Optional<Item> returned = switch (returnValues) {
            case "ALL_OLD" -> result.oldItem();
            case "ALL_NEW" -> result.newItem();
            case "UPDATED_OLD" -> result.oldItem().map(i -> Projection.project(i, update.paths()));
            case "UPDATED_NEW" -> result.newItem().map(i -> Projection.project(i, update.paths()));
            default -> Optional.empty();
        };
        return attributes(returned.filter(i -> !i.attributes().isEmpty()));
    }

    private WriteResult write(TableDescription table, ItemWrite write, boolean oldOnFailure) {
        WriteResult result = backend.write(table, write);
        if (result.conditionFailed()) {
            throw new DynamoException(
                    DynamoError.ConditionalCheckFailedException,
                    "The conditional request failed",
                    oldOnFailure ? result.oldItem() : Optional.empty());
        }
        if (result.validationError().isPresent()) {
            throw DynamoException.validation(result.validationError().get());
        }
        return result;
    }

    private static WriteExpressions writeExpressions(
            JsonRequest request, RequestExpressions expressions, boolean withUpdate) {
        return new WriteExpressions(
                request.optionalString("ConditionExpression"),
                withUpdate ? request.optionalString("UpdateExpression") : Optional.empty(),
                expressions.names(),
                expressions.values());
    }

    /** @param invalidMessage message for an unsupported value; {@code %s} is replaced by the value */
    private static String returnValues(JsonRequest request, List<String> allowed, String invalidMessage) {
        String value = request.optionalString("ReturnValues").orElse("NONE");
        if (!allowed.contains(value)) {
            throw DynamoException.validation(invalidMessage.replace("%s", value));
        }
        return value;
    }

    private static boolean returnOldOnConditionFailure(JsonRequest request) {
        String value =
                request.optionalString("ReturnValuesOnConditionCheckFailure").orElse("NONE");
        if (!value.equals("NONE") && !value.equals("ALL_OLD")) {
            throw DynamoException.validation("1 validation error detected: Value '" + value + "' at"
                    + " 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value"
                    + " set: [ALL_OLD, NONE]");
        }
        return value.equals("ALL_OLD");
    }

    private static ObjectNode attributes(Optional<Item> item) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        item.ifPresent(i -> response.set("Attributes", AttributeValueJson.render(i.attributes())));
        return response;
    }
}
