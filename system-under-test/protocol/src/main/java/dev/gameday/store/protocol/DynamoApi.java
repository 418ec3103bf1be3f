package dev.gameday.store.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.store.protocol.json.AttributeValueJson;
import dev.gameday.store.protocol.json.JsonRequest;
import dev.gameday.store.protocol.operations.ItemOperations;
import dev.gameday.store.protocol.operations.ReadOperations;
import dev.gameday.store.protocol.operations.TableOperations;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole request path minus I/O: {@code X-Amz-Target} + body to status + JSON body. Parses and validates
 * the request against the table description before calling the backend, so bad input never reaches storage.
 */
public final class DynamoApi {
    public static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoApi.class);

    private final TableOperations tables;
    private final ItemOperations items;
    private final ReadOperations reads;

    public DynamoApi(StoreBackend backend) {
        this(backend, ApiConfig.defaults());
    }

    public DynamoApi(StoreBackend backend, ApiConfig config) {
        this.tables = new TableOperations(backend, config);
        this.items = new ItemOperations(backend);
        this.reads = new ReadOperations(backend);
    }

    /** Never throws; errors become DynamoDB error JSON with the matching status. */
    public ApiResponse handle(String xAmzTarget, byte[] body) {
        try {
            Function<JsonRequest, ObjectNode> operation = operation(xAmzTarget);
            ObjectNode response = operation.apply(JsonRequest.parse(body == null ? new byte[0] : body));
            return new ApiResponse(200, JsonRequest.MAPPER.writeValueAsBytes(response));
        } catch (DynamoException e) {
            return error(e);
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.error("Internal error handling {}", xAmzTarget, e);
            return error(new DynamoException(DynamoError.InternalServerError, "Internal server error"));
        }
    }

    private Function<JsonRequest, ObjectNode> operation(String target) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new DynamoException(DynamoError.UnknownOperationException, "Unknown operation: " + target);
        }
        String name = target.substring(TARGET_PREFIX.length());
        return switch (name) {
            case "CreateTable" -> tables::createTable;
            case "DescribeTable" -> tables::describeTable;
            case "ListTables" -> tables::listTables;
            case "PutItem" -> items::putItem;
            case "GetItem" -> items::getItem;
            case "DeleteItem" -> items::deleteItem;
            case "UpdateItem" -> items::updateItem;
            case "Query" -> reads::query;
            case "Scan" -> reads::scan;
            default ->
                throw new DynamoException(
                        DynamoError.UnknownOperationException, "Unknown or unsupported operation: " + name);
        };
    }

    /** Renders a DynamoException as DynamoDB's error body; public so the HTTP layer renders auth errors alike. */
    public static ApiResponse error(DynamoException e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("__type", e.error().wireType());
        node.put("message", e.getMessage());
        e.conditionFailureItem().ifPresent(i -> node.set("Item", AttributeValueJson.render(i.attributes())));
        return new ApiResponse(e.error().httpStatus(), node.toString().getBytes(StandardCharsets.UTF_8));
    }
}
